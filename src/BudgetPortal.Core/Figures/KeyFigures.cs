using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Figures;

/// <summary>
/// The headline figures of one disclosure in 万元 (<see cref="AmountUnit.Reporting"/>) whatever unit each table is
/// printed in (a district's summary in 元 and its 三公 table in 万元 give figures that can be added and compared), found
/// whatever its table layout: tables by their <c>code</c>
/// (<c>summary</c>, <c>expenditure</c>, <c>three_public</c>), rows by their total role or name, columns by key or
/// header title. A figure the disclosure does not give is null (never 0). For a final account the 三公 figures are the
/// 决算数 column; for a budget, the 预算数.
/// </summary>
/// <remarks>Use <see cref="From"/>; every property is independent, so a caller reads only what it needs.</remarks>
public sealed record KeyFigures
{
    /// <summary>The unit of every figure here: always 万元, converted exactly from each table's own unit.</summary>
    public string Unit { get; init; } = AmountUnit.Reporting.Name;

    /// <summary>收入总计 of the summary table (收支总表 / 收入支出决算总表), left side.</summary>
    public decimal? TotalIncome { get; init; }

    /// <summary>支出总计 of the summary table, right side.</summary>
    public decimal? TotalExpenditure { get; init; }

    /// <summary>基本支出 of the expenditure table's total row.</summary>
    public decimal? Basic { get; init; }

    /// <summary>项目支出 of the expenditure table's total row.</summary>
    public decimal? Project { get; init; }

    /// <summary>"三公"经费合计.</summary>
    public decimal? ThreePublic { get; init; }

    /// <summary>因公出国（境）费.</summary>
    public decimal? Abroad { get; init; }

    /// <summary>公务接待费.</summary>
    public decimal? Reception { get; init; }

    /// <summary>公务用车购置及运行费 (购置费 + 运行费).</summary>
    public decimal? Vehicles { get; init; }

    /// <summary>机关运行经费, as quoted in the narrative (情况说明); null when the text does not give it.</summary>
    public decimal? OfficeRunning { get; init; }

    public static KeyFigures From(DisclosureDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var summary = Table(document, "summary");
        var expenditure = Table(document, "expenditure");
        var threePublic = Table(document, "three_public");
        var (income, spending) = summary is null ? (null, null) : SummaryTotals(summary);
        var parts = threePublic is null ? new ThreePublicParts() : ThreePublicOf(threePublic, document.Kind == DisclosureKinds.Final);
        return new KeyFigures
        {
            TotalIncome = Reporting(summary, income),
            TotalExpenditure = Reporting(summary, spending),
            Basic = expenditure is null ? null : Reporting(expenditure, TotalRowValue(expenditure, "basic", "基本支出")),
            Project = expenditure is null ? null : Reporting(expenditure, TotalRowValue(expenditure, "project", "项目支出")),
            ThreePublic = Reporting(threePublic, parts.Total),
            Abroad = Reporting(threePublic, parts.Abroad),
            Reception = Reporting(threePublic, parts.Reception),
            Vehicles = Reporting(threePublic, parts.Vehicles),
            OfficeRunning = OfficeRunningOf(document),
        };
    }

    /// <summary>A figure of <paramref name="table"/> in 万元.</summary>
    private static decimal? Reporting(TableDocument? table, decimal? value) =>
        table is null || value is not { } v ? value : AmountUnit.OfTable(table).To(AmountUnit.Reporting, v);

    private static TableDocument? Table(DisclosureDocument document, string code) =>
        document.Tables.FirstOrDefault(t => t.Code == code && !t.Missing);

    private static string Clean(string? text) => CheckEngine.NormalizeName(text);

    /// <summary>A leaf column with the titles of its ancestors ("基本支出/小计").</summary>
    private sealed record Leaf(int Index, ColumnNode Column, string Path);

    private static List<Leaf> Leaves(TableDocument table)
    {
        var result = new List<Leaf>();
        void Walk(IEnumerable<ColumnNode> nodes, string prefix)
        {
            foreach (var node in nodes)
            {
                var path = prefix.Length == 0 ? Clean(node.Title) : prefix + "/" + Clean(node.Title);
                if (node.IsLeaf)
                {
                    result.Add(new Leaf(result.Count, node, path));
                }
                else
                {
                    Walk(node.Children!, path);
                }
            }
        }

        Walk(table.Columns, "");
        return result;
    }

    private static decimal? Number(RowDocument row, int index) => index < row.Cells.Count ? row.Cells[index].Number : null;

    /// <summary>
    /// The summary table is two-sided: label/amount pairs on each row. 收入总计/支出总计 where printed, else the first
    /// and second 总计 (final accounts print 总计 on both sides), else 本年收入合计/本年支出合计.
    /// </summary>
    private static (decimal? Income, decimal? Expenditure) SummaryTotals(TableDocument table)
    {
        var leaves = Leaves(table);
        var pairs = new List<(string Label, decimal? Amount)>();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < leaves.Count && i < row.Cells.Count; i++)
            {
                if (leaves[i].Column.Type != ColumnTypes.Text || row.Cells[i].Text is not { } label)
                {
                    continue;
                }

                var amount = leaves.Skip(i + 1).TakeWhile(l => l.Column.Type != ColumnTypes.Text)
                    .FirstOrDefault(l => l.Column.Type == ColumnTypes.Amount);
                pairs.Add((Clean(label), amount is null ? null : Number(row, amount.Index)));
            }
        }

        decimal? Find(string label) => pairs.Where(p => p.Label == label).Select(p => p.Amount).FirstOrDefault();
        var grand = pairs.Where(p => p.Label == "总计").Select(p => p.Amount).ToList();
        var income = Find("收入总计") ?? grand.ElementAtOrDefault(0) ?? Find("本年收入合计") ?? Find("收入合计");
        var expenditure = Find("支出总计") ?? grand.ElementAtOrDefault(1) ?? Find("本年支出合计") ?? Find("支出合计");
        return (income, expenditure);
    }

    /// <summary>The figure of the total row (role total, else the row named 合计/总计) in the column with the given key or title.</summary>
    private static decimal? TotalRowValue(TableDocument table, string key, string title)
    {
        var leaves = Leaves(table);
        var column = leaves.FirstOrDefault(l => l.Column.Key == key)
            ?? leaves.FirstOrDefault(l => l.Path == title || l.Path.StartsWith(title + "/", StringComparison.Ordinal));
        if (column is null)
        {
            return null;
        }

        var total = table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total)
            ?? table.Rows.FirstOrDefault(r => Clean(r.Name) is "合计" or "总计");
        return total is null ? null : Number(total, column.Index);
    }

    private sealed record ThreePublicParts(decimal? Total = null, decimal? Abroad = null, decimal? Reception = null, decimal? Vehicles = null);

    /// <summary>
    /// Two layouts: one row with a column per item (budgets), or a row per item with 预算数/决算数 columns (final
    /// accounts).
    /// </summary>
    private static ThreePublicParts ThreePublicOf(TableDocument table, bool final)
    {
        var leaves = Leaves(table);
        var named = leaves.Any(l => l.Column.Role == ColumnRoles.Name);
        if (!named)
        {
            var row = table.Rows.FirstOrDefault(r => r.Role != RowRoles.ColumnNumbers);
            if (row is null)
            {
                return new ThreePublicParts();
            }

            decimal? Column(Func<string, bool> match) =>
                leaves.FirstOrDefault(l => l.Column.IsNumeric && match(l.Path)) is { } leaf ? Number(row, leaf.Index) : null;
            return new ThreePublicParts(
                Column(p => p.Contains("合计", StringComparison.Ordinal)),
                Column(p => p.Contains("因公出国", StringComparison.Ordinal)),
                Column(p => p.Contains("公务接待", StringComparison.Ordinal)),
                Column(p => p.StartsWith("公务用车购置及运行", StringComparison.Ordinal)
                    && (p.EndsWith("小计", StringComparison.Ordinal) || !p.Contains('/', StringComparison.Ordinal))));
        }

        var wanted = final ? "决算" : "预算";
        var amounts = leaves.Where(l => l.Column.IsNumeric).ToList();
        var value = amounts.FirstOrDefault(l => l.Column.Key == (final ? "final" : "budget"))
            ?? amounts.FirstOrDefault(l => l.Path.Contains(wanted, StringComparison.Ordinal))
            ?? amounts.LastOrDefault();
        if (value is null)
        {
            return new ThreePublicParts();
        }

        decimal? Row(Func<string, bool> match) =>
            table.Rows.FirstOrDefault(r => match(Clean(r.Name))) is { } row ? Number(row, value.Index) : null;
        return new ThreePublicParts(
            Row(n => n is "合计" or "总计" || (n.Contains("三公", StringComparison.Ordinal) && n.Contains("合计", StringComparison.Ordinal))),
            Row(n => n.Contains("因公出国", StringComparison.Ordinal)),
            Row(n => n.Contains("公务接待", StringComparison.Ordinal)),
            Row(n => n.Contains("公务用车购置及运行", StringComparison.Ordinal)));
    }

    // "机关运行经费预算为145.40万元", "机关运行经费支出34.26万元", "机关运行经费支出预算2.35万元": a few words, then the
    // amount in the unit the text prints (a district may write 元).
    private static readonly Regex OfficeRunningPattern = new(
        @"机关运行经费[^0-9，。,；;、：:\n]{0,8}?(?<amount>\d[\d,]*(?:\.\d+)?)\s*(?<unit>[千万亿]?元)",
        RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>机关运行经费 from the 情况说明 (never from the glossary or the management rules, which define it).</summary>
    private static decimal? OfficeRunningOf(DisclosureDocument document)
    {
        foreach (var section in document.Sections.Where(s => s.Key is not ("glossary" or "management")))
        {
            var match = OfficeRunningPattern.Match(section.Body);
            if (match.Success && decimal.TryParse(match.Groups["amount"].Value.Replace(",", "", StringComparison.Ordinal),
                    NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return (AmountUnit.Parse(match.Groups["unit"].Value) ?? AmountUnit.Reporting).To(AmountUnit.Reporting, amount);
            }
        }

        return null;
    }
}
