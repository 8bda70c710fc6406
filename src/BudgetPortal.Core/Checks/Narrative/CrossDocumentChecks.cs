using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks.Narrative;

/// <summary>
/// Checks of one disclosure against another of the same department that the portal holds: this year's statements
/// about the previous year (比上年减少X万元，降低Y%) against the previous year's published disclosure (X1), and a final
/// account's 完成年初预算的 Y% against the same year's published budget (X2). Figures are found by what the sentence
/// names (收入总计, 支出总计, "三公"经费 and its parts, 一般公共预算支出, 基本支出, 项目支出, a 类 or 项 by name); a statement
/// about anything else is skipped.
/// </summary>
public static partial class CrossDocumentChecks
{
    private const string PreviousDescription = "文字说明中与上年的比较与上年已公开的数字一致";
    private const string BudgetDescription = "决算文字说明中的完成年初预算比例与同年已公开的部门预算一致";

    /// <summary>X1: every change against the previous year stated in <paramref name="current"/>'s narrative.</summary>
    public static IReadOnlyList<Finding> AgainstPreviousYear(DisclosureDocument current, DisclosureDocument previous)
    {
        var findings = new List<Finding>();
        var reading = NarrativeReader.Read(current);
        foreach (var change in reading.Figures.Where(f => f.Role == FigureRole.Change && !f.IsBlank && f.IsMoney))
        {
            var subject = NarrativeReader.Subject(change.Item);
            var named = subject.Length >= 2 ? subject : reading.In(change.Paragraph)
                .LastOrDefault(f => f.Start < change.Start && f.Sentence == change.Sentence && f.Role == FigureRole.Amount && f.IsMoney)?.Item;
            if (named is null || Resolve(current, named) is not { } now || Resolve(previous, named) is not { } before)
            {
                continue;
            }

            var x = change.InTenThousand!.Value;
            var stated = change.Direction == Direction.Up ? now.Value - x : now.Value + x;
            var difference = stated - before.Value;
            // Writers subtract the figures as printed (0.01 万元), not the unrounded ones the tables hold.
            var tolerance = change.HalfUnit + Math.Max(now.Half, 0.005m) + Math.Max(before.Half, 0.005m);
            // Both years' figures rounded to the change's own printing (元 tables quoted in 万元): a change that is the
            // difference of those rounded figures is exactly what the text should say.
            var unit = AmountUnit.Parse(change.Unit)!;
            var decimals = Math.Max(change.Decimals, unit == AmountUnit.TenThousandYuan ? 2 : 0);
            decimal Printed(decimal tenThousand) => Math.Round(AmountUnit.TenThousandYuan.To(unit, tenThousand), decimals, MidpointRounding.AwayFromZero);
            var asPrinted = Math.Abs(Printed(now.Value) - Printed(before.Value)) == change.Value
                && Math.Sign(now.Value - before.Value) == (change.Direction == Direction.Up ? 1 : -1);
            findings.Add(new Finding
            {
                Rule = "X1-previous",
                Description = PreviousDescription,
                Severity = asPrinted ? Severity.Pass : Comparison.Judge(difference, tolerance, null),
                Table = change.Paragraph.SectionTitle,
                Row = change.Snippet,
                Column = "上年数",
                Expected = before.Value,
                Actual = stated,
                Difference = difference,
                Tolerance = tolerance,
                Unit = "万元",
                Message = difference == 0 || asPrinted ? null
                    : $"按文字，上年{named}应为 {Money(stated)} 万元（{Money(now.Value)} {(change.Direction == Direction.Up ? "−" : "+")} {change.Written}），{previous.Year}年已公开的{before.Label}为 {Money(before.Value)} 万元。",
            });

            var rate = reading.In(change.Paragraph).FirstOrDefault(f => f.Role == FigureRole.ChangeRate && f.Sentence == change.Sentence && f.Start > change.Start && !f.IsBlank);
            if (rate is not null && before.Value > 0)
            {
                var exact = Math.Abs(now.Value - before.Value) / before.Value * 100m;
                var spread = (now.Half + before.Half) / before.Value * 100m;
                var verdict = NarrativeChecks.RateVerdict(rate.Value!.Value, rate.Decimals, exact, exact - spread, exact + spread);
                findings.Add(RateFinding("X1-previous", PreviousDescription, rate, exact, verdict, "增减率",
                    $"{named}本年 {Money(now.Value)} 万元、{previous.Year}年已公开 {Money(before.Value)} 万元，变动率 {exact:0.00}%，文字为 {rate.Written}%。"));
            }
        }

        // "因公出国（境）费0万元，比2023年预算持平": the figure of both years is the same.
        foreach (var paragraph in reading.Paragraphs)
        {
            foreach (Match flat in FlatAgainstLastYear().Matches(paragraph.Text))
            {
                var figure = reading.In(paragraph).LastOrDefault(f => f.End <= flat.Index);
                if (figure is null || figure.Role != FigureRole.Amount || !figure.IsMoney || figure.IsBlank
                    || paragraph.Text[figure.End..flat.Index].Trim().Trim('，', ',', '。').Length > 0
                    || Resolve(current, figure.Item) is not { } now || Resolve(previous, figure.Item) is not { } before)
                {
                    continue;
                }

                var difference = now.Value - before.Value;
                var tolerance = now.Half + before.Half;
                findings.Add(new Finding
                {
                    Rule = "X1-previous",
                    Description = PreviousDescription,
                    Severity = Comparison.Judge(difference, tolerance, null),
                    Table = paragraph.SectionTitle,
                    Row = Quote(paragraph.Text, figure.Start, flat.Index + flat.Length),
                    Column = "上年数",
                    Expected = before.Value,
                    Actual = now.Value,
                    Difference = difference,
                    Tolerance = tolerance,
                    Unit = "万元",
                    Message = Math.Abs(difference) <= tolerance ? null
                        : $"文字称与上年持平，本年{now.Label}为 {Money(now.Value)} 万元，{previous.Year}年已公开的{before.Label}为 {Money(before.Value)} 万元。",
                });
            }
        }

        return findings;
    }

    /// <summary>X2: every 完成年初预算的 Y% of a final account against the same year's published budget.</summary>
    public static IReadOnlyList<Finding> AgainstBudget(DisclosureDocument final, DisclosureDocument budget)
    {
        var findings = new List<Finding>();
        var reading = NarrativeReader.Read(final);
        foreach (var completion in reading.Figures.Where(f => f.Role == FigureRole.Completion && !f.IsBlank && f.Base is { } b && b.Contains("年初", StringComparison.Ordinal)))
        {
            var spent = reading.In(completion.Paragraph)
                .LastOrDefault(f => f.Start < completion.Start && f.Sentence == completion.Sentence && f.Role == FigureRole.Amount && f.IsMoney && !f.IsBlank);
            string? name;
            decimal actual;
            decimal half;
            if (spent is not null)
            {
                name = spent.Item;
                actual = spent.InTenThousand!.Value;
                half = spent.HalfUnit;
            }
            else
            {
                // "财政拨款支出完成年初预算的10.85%，其中：基本支出完成年初预算的116.56%": the item stands before 完成.
                name = NarrativeReader.CleanItem(Regex.Replace(completion.Item, "完成.*$", ""));
                if (Resolve(final, name) is not { } inTables)
                {
                    continue;
                }

                actual = inTables.Value;
                half = inTables.Half;
            }

            if (Resolve(budget, name) is not { } planned || planned.Value == 0)
            {
                continue;
            }

            var exact = actual / planned.Value * 100m;
            var corners = new[] { (actual - half) / (planned.Value + planned.Half), (actual + half) / (planned.Value - planned.Half) }.Select(v => v * 100m).ToList();
            var verdict = NarrativeChecks.RateVerdict(completion.Value!.Value, completion.Decimals, exact, corners.Min(), corners.Max());
            findings.Add(RateFinding("X2-budget", BudgetDescription, completion, exact, verdict, "完成率",
                $"决算 {Money(actual)} 万元，{budget.Year}年已公开预算的{planned.Label}为 {Money(planned.Value)} 万元，完成年初预算的 {exact:0.00}%，文字为 {completion.Written}%。"));
        }

        return findings;
    }

    /// <summary>
    /// X3 (rule kind <c>units</c>): a department's disclosure against its units' disclosures of the same year and kind.
    /// In <see cref="CheckRule.Table"/>, each of <see cref="CheckRule.Columns"/> of the total row (and, with
    /// <see cref="CheckRule.RowFilter"/> <c>coded</c>, of every coded row, matched by code) equals the sum of the units'
    /// figures when every unit the department lists is held, and is not below it when only some are. Each figure is
    /// compared in 元 with half a unit of its own table's last decimal.
    /// </summary>
    public static IReadOnlyList<Finding> AgainstUnits(DisclosureDocument department, IReadOnlyList<DisclosureDocument> units, CheckRule rule)
    {
        var findings = new List<Finding>();
        var table = department.Tables.FirstOrDefault(t => !t.Missing && t.Code == rule.Table);
        var unitTables = units.Select(u => (Document: u, Table: u.Tables.FirstOrDefault(t => !t.Missing && t.Code == rule.Table))).Where(u => u.Table is not null).ToList();
        if (table is null || unitTables.Count == 0 || rule.Columns is not { Count: > 0 })
        {
            return findings;
        }

        var listed = department.Department.Units.Select(u => CheckEngine.NormalizeName(u.Name)).Where(n => n.Length > 0).ToHashSet();
        var held = units.Select(u => CheckEngine.NormalizeName(u.Department.Name)).ToHashSet();
        var complete = listed.Count > 0 && listed.All(held.Contains);
        var rows = table.Rows.Where(r => r.Role == RowRoles.Total || (rule.RowFilter == "coded" && r.Code is { Length: > 0 })).ToList();
        var unit = AmountUnit.OfTable(table);
        foreach (var row in rows)
        {
            foreach (var key in rule.Columns)
            {
                var column = IndexOf(table.Leaves(), key);
                if (column < 0)
                {
                    continue;
                }

                var mine = new PrintedAmount(column < row.Cells.Count ? row.Cells[column].Number ?? 0m : 0m, unit, table.Decimals);
                var parts = new List<PrintedAmount>();
                foreach (var (_, unitTable) in unitTables)
                {
                    var match = row.Role == RowRoles.Total
                        ? unitTable!.Rows.FirstOrDefault(r => r.Role == RowRoles.Total)
                        : unitTable!.Rows.FirstOrDefault(r => r.Code == row.Code);
                    var index = IndexOf(unitTable.Leaves(), key);
                    if (match is not null && index >= 0 && index < match.Cells.Count && match.Cells[index].Number is { } value)
                    {
                        parts.Add(new PrintedAmount(value, AmountUnit.OfTable(unitTable), unitTable.Decimals));
                    }
                }

                var sum = parts.Sum(p => p.InBase);
                var difference = mine.InBase - sum;
                var tolerance = mine.RoundingInBase + parts.Sum(p => p.RoundingInBase);
                // With only some units held, the department's figure is at least their sum.
                var severity = complete ? Comparison.Judge(difference, tolerance, null) : Comparison.Judge(-difference, tolerance, "le");
                var label = row.Role == RowRoles.Total ? "合计" : $"{row.Code} {row.Name}";
                findings.Add(new Finding
                {
                    Rule = rule.Id,
                    Description = rule.Description,
                    Severity = severity,
                    Table = $"{table.Number} {table.Title}",
                    Row = label,
                    Column = table.Leaves()[column].Title,
                    Expected = unit.FromBase(sum),
                    Actual = mine.Value,
                    Difference = unit.FromBase(difference),
                    Tolerance = unit.FromBase(tolerance),
                    Unit = unit.Name,
                    Message = severity == Severity.Pass ? null : complete
                        ? $"部门汇总为 {mine}，{unitTables.Count} 个所属单位已公开数之和为 {Comparison.Describe(parts)}。"
                        : $"部门汇总为 {mine}，小于已公开的 {unitTables.Count} 个所属单位之和 {Comparison.Describe(parts)}（其余单位未公开）。",
                });
            }
        }

        return findings;
    }

    /// <summary>The clause from a figure to the end of its comparison, as printed (so that the report can find the sentence again).</summary>
    private static string Quote(string text, int figureStart, int end)
    {
        var stop = figureStart > 0 ? text.LastIndexOfAny(['。', '；', ';'], figureStart - 1) : -1;
        var start = Math.Max(stop + 1, figureStart - 30);
        return (start > stop + 1 ? "…" : "") + text[start..end].Trim();
    }

    private static Finding RateFinding(string rule, string description, NarrativeFigure printed, decimal exact, Severity verdict, string column, string message) => new()
    {
        Rule = rule,
        Description = description,
        Severity = verdict,
        Table = printed.Paragraph.SectionTitle,
        Row = printed.Snippet,
        Column = column,
        Expected = Math.Round(exact, printed.Decimals),
        Actual = printed.Value,
        Message = verdict == Severity.Pass ? null : message,
    };

    /// <summary>A figure of the disclosure's tables, in 万元, found by what a sentence names.</summary>
    public static (decimal Value, decimal Half, string Label)? Resolve(DisclosureDocument document, string item)
    {
        var name = CheckEngine.NormalizeName(NarrativeReader.CleanItem(item));
        if (ItemOfClass().Match(name) is { Success: true } classItem)
        {
            // The 项 by its name; where two 款 have a 项 of that name (行政运行), the one under the 款 the sentence names.
            var itemName = classItem.Groups["name"].Value;
            var kuanName = classItem.Groups["kuan"].Value;
            var items = Document(document, "gpb_expenditure")?.Rows.Where(r => r.Code is { Length: 7 } && CheckEngine.NormalizeName(r.Name) == itemName).ToList() ?? [];
            if (items.Count > 1)
            {
                var rows = Document(document, "gpb_expenditure")!.Rows;
                items = [.. items.Where(r => rows.Any(p => p.Code == r.Code![..5] && CheckEngine.NormalizeName(p.Name) == kuanName))];
            }

            return items.Count == 1 ? Row(document, "gpb_expenditure", r => r == items[0], null) : null;
        }

        if (name.Contains("三公", StringComparison.Ordinal))
        {
            return ThreePublic(document, null);
        }

        foreach (var (word, column, rowWord) in ThreePublicParts)
        {
            if (name.EndsWith(word, StringComparison.Ordinal))
            {
                return ThreePublic(document, (column, rowWord));
            }
        }

        // "财政拨款支出预算", "政府性基金拨款支出预算": the budget's own word after the item.
        name = BudgetSuffix().Replace(name, "");
        if (name.EndsWith("财政拨款收入", StringComparison.Ordinal) && !name.Contains("一般公共预算", StringComparison.Ordinal)
            && !name.Contains("基金", StringComparison.Ordinal) && !name.Contains("国有资本", StringComparison.Ordinal))
        {
            return Summary(document, "财政拨款收入");
        }

        if (name.Contains("政府性基金", StringComparison.Ordinal))
        {
            return Row(document, "gov_fund", r => r.Role == RowRoles.Total, null);
        }

        if (name.Contains("国有资本经营", StringComparison.Ordinal))
        {
            return Row(document, "state_capital", r => r.Role == RowRoles.Total, null);
        }

        if (name.EndsWith("支出总计", StringComparison.Ordinal))
        {
            return Summary(document, "支出总计");
        }

        if (Regex.IsMatch(name, "(收入总计|收支总预算|收支预算|收入预算|收支总计)$"))
        {
            return Summary(document, "收入总计");
        }

        if (name.Contains("一般公共预算", StringComparison.Ordinal) && !name.Contains("基本", StringComparison.Ordinal))
        {
            return Row(document, "gpb_expenditure", r => r.Role == RowRoles.Total, null);
        }

        if (name.EndsWith("基本支出", StringComparison.Ordinal))
        {
            return Row(document, "gpb_expenditure", r => r.Role == RowRoles.Total, "basic");
        }

        if (name.EndsWith("项目支出", StringComparison.Ordinal))
        {
            return Row(document, "gpb_expenditure", r => r.Role == RowRoles.Total, "project");
        }

        if (name.EndsWith("财政拨款支出", StringComparison.Ordinal))
        {
            return Row(document, "gpb_expenditure", r => r.Role == RowRoles.Total, null);
        }

        if (name.EndsWith("支出", StringComparison.Ordinal))
        {
            var plain = Regex.Replace(name, @"^.*?\d{4}年度?", "");
            return Row(document, "gpb_expenditure", r => r.Code is { Length: 3 } && CheckEngine.NormalizeName(r.Name) == plain, null);
        }

        return null;
    }

    private static readonly (string Word, string Column, string Row)[] ThreePublicParts =
    [
        ("因公出国(境)费", "abroad", "因公出国"),
        ("公务接待费", "reception", "公务接待"),
        ("公务用车运行费", "vehicle_operation", "运行"),
        ("公务用车运行维护费", "vehicle_operation", "运行"),
        ("公务用车购置费", "vehicle_purchase", "购置费"),
        ("公务用车购置及运行费", "vehicle", "公务用车购置及运行"),
        ("公务用车购置及运行维护费", "vehicle", "公务用车购置及运行"),
    ];

    private static (decimal, decimal, string)? ThreePublic(DisclosureDocument document, (string Column, string Row)? part)
    {
        var table = document.Tables.FirstOrDefault(t => !t.Missing && t.Code == "three_public");
        if (table is null)
        {
            return null;
        }

        var leaves = table.Leaves();
        var finalColumn = IndexOf(leaves, "final");
        if (finalColumn >= 0)
        {
            // A final account's 三公 table has rows per item and 预算数/决算数 columns.
            var row = part is null
                ? table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total)
                : table.Rows.FirstOrDefault(r => r.Cells.FirstOrDefault().Text is { } t && CheckEngine.NormalizeName(t).Contains(part.Value.Row, StringComparison.Ordinal));
            return row is null ? null : Figure(table, row, finalColumn);
        }

        var data = table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total) ?? (table.Rows.Count == 1 ? table.Rows[0] : null);
        if (data is null)
        {
            return null;
        }

        var key = part?.Column ?? "total";
        var column = IndexOf(leaves, key);
        if (column < 0 && key == "vehicle")
        {
            column = IndexOf(leaves, "vehicle_total");
        }

        return column < 0 ? null : Figure(table, data, column);
    }

    private static (decimal, decimal, string)? Summary(DisclosureDocument document, string label)
    {
        var table = document.Tables.FirstOrDefault(t => !t.Missing && t.Code == "summary");
        if (table is null)
        {
            return null;
        }

        var leaves = table.Leaves();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Cells.Count - 1; i++)
            {
                var text = Enumerated().Replace(CheckEngine.NormalizeName(row.Cells[i].Text), "");
                var wanted = text == label || (label == "收入总计" && i == 0 && text == "总计");
                if (wanted)
                {
                    for (var j = i + 1; j < row.Cells.Count && j < leaves.Count; j++)
                    {
                        if (leaves[j].Type == ColumnTypes.Amount && row.Cells[j].Number is not null)
                        {
                            return Figure(table, row, j);
                        }
                    }
                }
            }
        }

        return null;
    }

    private static TableDocument? Document(DisclosureDocument document, string code) => document.Tables.FirstOrDefault(t => !t.Missing && t.Code == code);

    private static (decimal, decimal, string)? Row(DisclosureDocument document, string code, Func<RowDocument, bool> which, string? key)
    {
        var table = document.Tables.FirstOrDefault(t => !t.Missing && t.Code == code);
        var row = table?.Rows.FirstOrDefault(which);
        if (table is null || row is null)
        {
            return null;
        }

        var leaves = table.Leaves();
        var column = key is null ? Enumerable.Range(0, leaves.Count).FirstOrDefault(i => leaves[i].Type == ColumnTypes.Amount, -1) : IndexOf(leaves, key);
        return column < 0 ? null : Figure(table, row, column);
    }

    private static (decimal, decimal, string) Figure(TableDocument table, RowDocument row, int column)
    {
        var unit = AmountUnit.OfTable(table);
        var value = column < row.Cells.Count ? row.Cells[column].Number ?? 0m : 0m;
        var label = $"{table.Number}“{row.Name ?? row.Cells.FirstOrDefault(c => c.Text is not null).Text}”{table.Leaves()[column].Title}";
        return (unit.To(AmountUnit.TenThousandYuan, value), unit.To(AmountUnit.TenThousandYuan, 0.5m * AmountUnit.PowerOfTen(-table.Decimals)), label);
    }

    private static int IndexOf(IReadOnlyList<ColumnNode> leaves, string key)
    {
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<=拨款(?:收入|支出))(?:预算数为|预算数|预算为|预算)$")]
    private static partial Regex BudgetSuffix();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+[,.．]|\d+[,.．]|\(\d+\))")]
    private static partial Regex Enumerated();

    [GeneratedRegex(@"(?:比|与|较)(?:上年|上一年|\d{4}年)度?(?:预算数|预算|批复数)?(?:相比)?持平")]
    private static partial Regex FlatAgainstLastYear();

    [GeneratedRegex(@"(?<kuan>[^()]*)\(款\)(?<name>[^()]+)\(项\)(?:支出|安排|为)?$")]
    private static partial Regex ItemOfClass();
}
