using System.Globalization;
using System.Text;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// Runs the rules of a table set over a disclosure. Every published figure is rounded to its table's last decimal in
/// its table's unit, so each figure may be off by half of that digit: the tolerance of a relation is the sum of those
/// halves over its figures, compared in 元 (<see cref="Comparison"/>; for tables all in 万元 with 2 decimals, n × 0.005
/// 万元). A difference within it is 尾差 (<see cref="Severity.Rounding"/>), beyond it an error. Blank cells count as zero.
/// </summary>
public static partial class CheckEngine
{
    /// <param name="budget">For a final account: the same department's budget of that year, when the portal holds it.</param>
    /// <param name="units">The published disclosures of the department's units of the same year and kind, when held (rule kind <c>units</c>).</param>
    public static CheckReport Run(
        DisclosureDocument document, IReadOnlyList<TableRequirement> requiredTables, IReadOnlyList<CheckRule> rules,
        CodeBook? codes = null, DisclosureDocument? budget = null, TableSetDefinition? set = null,
        IReadOnlyList<DisclosureDocument>? units = null)
    {
        var rows = new RowResolver(set, codes);
        var findings = new List<Finding>();
        Completeness(document, requiredTables, findings);
        if (codes is not null)
        {
            CodeNames(document, codes, findings);
        }

        Narrative.NarrativeReading? reading = null;
        foreach (var declared in rules)
        {
            var rule = Effective(declared, document);
            var context = new RuleContext(document, rule, findings, rows);
            switch (rule.Kind)
            {
                case "sum":
                    context.Sum();
                    break;
                case "rows":
                    context.Rows();
                    break;
                case "hierarchy":
                    context.Hierarchy();
                    break;
                case "levels":
                    context.Levels();
                    break;
                case "codes":
                    context.Codes();
                    break;
                case "completion":
                    Completion.Run(document, budget, rule, findings);
                    break;
                case "text":
                    context.Text();
                    break;
                case "classes":
                    context.Classes();
                    break;
                case "narrative":
                    reading ??= Narrative.NarrativeReader.Read(document);
                    Narrative.NarrativeChecks.Run(document, reading, rule, findings);
                    break;
                case "items":
                    ListedItems.Run(document, rule, findings);
                    break;
                case "units":
                    if (units is { Count: > 0 })
                    {
                        findings.AddRange(Narrative.CrossDocumentChecks.AgainstUnits(document, units, rule));
                    }

                    break;
                default:
                    context.ConfigError($"未知的规则类型“{rule.Kind}”");
                    break;
            }
        }

        return new CheckReport(findings);
    }

    /// <summary>
    /// The relation <c>eq-if-administrative</c> (RULES.md J25, 机关运行经费 against 公用经费) is <c>eq</c> when every unit of
    /// the disclosure is a 行政单位 or 参公事业单位, else <c>le</c> (an ordinary 事业单位 has 公用经费 outside 机关运行经费,
    /// and a unit whose category is not recorded may be one).
    /// </summary>
    internal static CheckRule Effective(CheckRule rule, DisclosureDocument document) =>
        rule.Relation != CheckRule.EqualIfAdministrative ? rule
        : rule with { Relation = UnitCategoryNames.AllAdministrative(document) ? "eq" : "le" };

    private static void Completeness(DisclosureDocument document, IReadOnlyList<TableRequirement> required, List<Finding> findings)
    {
        foreach (var requirement in required)
        {
            var table = document.Tables.FirstOrDefault(t => requirement.Matches(t));
            var label = $"{requirement.Number} {requirement.Title}";
            if (table is null)
            {
                findings.Add(new Finding
                {
                    Rule = "C1",
                    Description = "表格齐全：表套规定的每张表都应公开",
                    Severity = Severity.Error,
                    Table = label,
                    Message = $"缺少{label}。",
                });
            }
            else if (table.Missing)
            {
                findings.Add(new Finding
                {
                    Rule = "C1",
                    Description = "表格齐全：表套规定的每张表都应公开",
                    Severity = Severity.Error,
                    Table = $"{table.Number} {table.Title}",
                    Message = $"目录列出了{table.Number} {table.Title}，但公开文本中没有这张表。",
                });
            }
            else
            {
                findings.Add(new Finding { Rule = "C1", Description = "表格齐全：表套规定的每张表都应公开", Severity = Severity.Pass, Table = label });
                if (table.HasNoData())
                {
                    var hasNote = !string.IsNullOrWhiteSpace(table.EmptyNote);
                    findings.Add(new Finding
                    {
                        Rule = "C2",
                        Description = "空表应附说明（如“本表为空表”或无此项支出的说明）",
                        Severity = hasNote ? Severity.Pass : Severity.Warning,
                        Table = $"{table.Number} {table.Title}",
                        Message = hasNote ? null : "这张表没有数据，也没有说明为何为空。",
                    });
                }
            }
        }
    }

    /// <summary>
    /// N1: every classification row's name is its code's name in the code list (variants such as 和/与 are warnings,
    /// not arithmetic errors); N2: a 款 or 项 code nests under a 类 or 款 that exists.
    /// </summary>
    private static void CodeNames(DisclosureDocument document, CodeBook codes, List<Finding> findings)
    {
        const string description = "科目名称与支出分类编码表一致";

        // Some layouts print a unit's row with the unit code in the 科目编码 column (河南: "517 医保局").
        var unitCodes = document.Department.Units.Select(u => u.Code).Append(document.Department.Code).OfType<string>().ToHashSet();
        foreach (var table in document.Tables.Where(t => !t.Missing))
        {
            var label = $"{table.Number} {table.Title}";
            foreach (var row in table.Rows.Where(r => r.Role != RowRoles.Total && r.Code is { Length: >= 3 } c && c.All(char.IsAsciiDigit) && !unitCodes.Contains(c) && codes.Covers(c)))
            {
                var entry = codes.Find(row.Code!);
                var rowLabel = $"{row.Code} {row.Name}";
                if (entry is null)
                {
                    // Only an edition known to be complete can say that a code does not exist; the shipped lists,
                    // gathered from documents, cannot, so an unknown code against them is information, not a warning.
                    var parentKnown = row.Code!.Length > 3 && codes.Find(row.Code[..(row.Code.Length - 2)]) is not null;
                    var edition = codes.EditionFor(row.Code);
                    var complete = edition?.Complete == true;
                    findings.Add(new Finding
                    {
                        Rule = "N2",
                        Description = "科目编码在支出分类编码表中",
                        Severity = complete ? Severity.Warning : Severity.Info,
                        Table = label,
                        Row = rowLabel,
                        Message = (parentKnown ? $"编码表中没有科目 {row.Code}。" : $"编码表中没有科目 {row.Code}，也没有它的上级科目。")
                            + (complete ? "" : $"（{edition?.Label ?? "编码表"}不完整，仅供参考）"),
                    });
                }
                else if (row.Name is not null && NormalizeName(row.Name) != NormalizeName(entry.Name))
                {
                    findings.Add(new Finding
                    {
                        Rule = "N1",
                        Description = description,
                        Severity = Severity.Warning,
                        Table = label,
                        Row = rowLabel,
                        Message = $"科目 {row.Code} 在编码表中名为“{entry.Name}”，表中为“{row.Name}”。",
                    });
                }
                else
                {
                    findings.Add(new Finding { Rule = "N1", Description = description, Severity = Severity.Pass, Table = label, Row = rowLabel });
                }
            }
        }
    }

    /// <summary>Compares names as printed, ignoring spaces and the width of punctuation.</summary>
    public static string NormalizeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var builder = new StringBuilder(name.Length);
        foreach (var ch in name.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(ch))
            {
                builder.Append(ch switch { '（' => '(', '）' => ')', '：' => ':', '“' or '”' => '"', '、' => ',', _ => ch });
            }
        }

        return builder.ToString();
    }

    private sealed partial class RuleContext(DisclosureDocument document, CheckRule rule, List<Finding> findings, RowResolver rows)
    {
        private TableDocument? FindTable(string code) =>
            document.Tables.FirstOrDefault(t => !t.Missing && t.Code == code);

        public void ConfigError(string message) => findings.Add(Comparison.Note(rule, Severity.Warning, $"规则无法执行：{message}。"));

        private void NotApplicable(string message) => findings.Add(Comparison.Note(rule, Severity.Warning, message));

        /// <summary>A cell as printed: its value (signed), its table's unit and decimals.</summary>
        private static PrintedAmount Figure(TableDocument table, RowDocument row, int column, int sign = 1) =>
            new(sign * ValueAt(row, column), AmountUnit.OfTable(table), table.Decimals);

        private static List<PrintedAmount> Figures(TableDocument table, IEnumerable<RowDocument> rows, int column) =>
            [.. rows.Select(r => Figure(table, r, column))];

        private static int LeafIndex(TableDocument table, string key)
        {
            var leaves = table.Leaves();
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].Key == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private static decimal ValueAt(RowDocument row, int column) =>
            column < row.Cells.Count ? row.Cells[column].Number ?? 0m : 0m;

        private static string RowLabel(RowDocument row) =>
            string.Join(" ", new[] { row.Code, row.Name ?? FirstText(row) }.Where(s => !string.IsNullOrEmpty(s)));

        /// <summary>A two-sided row is named by the item the rule picked it by, not by its left-hand name.</summary>
        private static string TermLabel(CellTerm term, TableDocument table, RowDocument row) => term.Row.Text ?? RowResolver.PrintedItem(table, term, row) ?? RowLabel(row);

        private static string? FirstText(RowDocument row) => row.Cells.FirstOrDefault(c => c.Text is not null).Text;

        /// <summary>The outermost rows under a code that is not itself listed (类 absent: its 款, or its 项 if no 款).</summary>
        private static List<RowDocument> Descendants(TableDocument table, string code) =>
            ClassificationTree.Children(table.Rows.Where(r => r.Role != RowRoles.Total), code);

        private RowDocument? FindRow(TableDocument table, RowSelector selector)
        {
            if (selector.Total)
            {
                // A table of one data row (the 三公 table of many budgets) is its own total.
                return table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total)
                    ?? (table.Rows.Count(r => r.Role != RowRoles.ColumnNumbers) == 1 ? table.Rows.First(r => r.Role != RowRoles.ColumnNumbers) : null);
            }

            if (selector.Code is { } code)
            {
                return table.Rows.FirstOrDefault(r => r.Code == code && r.Role != RowRoles.Total);
            }

            return rows.Find(table, selector, rule.Aliases);
        }

        private void Compare(string? table, string? row, string? column, PrintedAmount actual, IReadOnlyList<PrintedAmount> expected, string? message, bool figuresInMessage = true) =>
            findings.Add(Comparison.Of(rule, table, row, column, actual, expected, message, figuresInMessage));

        public void Sum()
        {
            if (rule.Left is null || rule.Right is not { Count: > 0 })
            {
                ConfigError("sum 规则需要 left 和 right");
                return;
            }

            var terms = new List<(CellTerm Term, TableDocument Table, RowDocument Row, int Column, List<PrintedAmount> Figures)>();
            foreach (var term in rule.Right.Prepend(rule.Left))
            {
                var table = FindTable(term.Table);
                if (table is null)
                {
                    NotApplicable($"无法核对：没有找到表“{term.Table}”。");
                    return;
                }

                var row = FindRow(table, term.Row);
                var column = LeafIndex(table, term.Column);
                if (column < 0)
                {
                    ConfigError($"{table.Number}没有列“{term.Column}”");
                    return;
                }

                List<PrintedAmount>? partFigures = null;
                if (row is null && term.Row.Code is { } absentCode)
                {
                    // A classification table lists only the codes with spending, and some layouts list only 项 rows:
                    // an absent code is the sum of the rows under it (each a rounded figure), or zero if there are none.
                    var parts = Descendants(table, absentCode);
                    partFigures = parts.Count == 0 ? null : [.. parts.Select(p => Figure(table, p, column, term.Sign))];
                    row = parts.Count == 0
                        ? new RowDocument { Code = absentCode, Name = "（未列出）", Cells = [] }
                        : new RowDocument
                        {
                            Code = absentCode,
                            Name = $"（下级 {parts.Count} 个科目之和）",
                            Cells = [.. Enumerable.Range(0, table.Leaves().Count).Select(i => CellValue.Of(parts.Sum(r => ValueAt(r, i))))],
                        };
                }

                if (row is null)
                {
                    NotApplicable($"无法核对：{table.Number} {table.Title}中没有{term.Row}。");
                    return;
                }

                terms.Add((term, table, row, column, partFigures ?? [Figure(table, row, column, term.Sign)]));
            }

            // The left side is one figure; when it is an absent code standing for the sum of its parts, the parts beyond
            // the first add their rounding (as zero-valued figures) to the tolerance, since each was rounded on its own.
            var left = terms[0];
            var actual = Figure(left.Table, left.Row, left.Column);
            var expected = terms.Skip(1).SelectMany(t => t.Figures).Concat(left.Figures.Skip(1).Select(f => f with { Value = 0m })).ToList();
            var where = Describe(terms[0]) + (terms.Count > 1 ? " 对照 " + string.Join(" + ", terms.Skip(1).Select(Describe)) : "");
            Compare($"{left.Table.Number} {left.Table.Title}", TermLabel(left.Term, left.Table, left.Row), left.Table.Leaves()[left.Column].Title,
                actual, expected, where, figuresInMessage: false);

            // Each figure in its own unit, so that a 元 table and a 万元 table are quoted as printed.
            static string Describe((CellTerm Term, TableDocument Table, RowDocument Row, int Column, List<PrintedAmount> Figures) t) =>
                $"{(t.Term.Sign < 0 ? "−" : "")}{t.Table.Number}“{TermLabel(t.Term, t.Table, t.Row)}”{t.Table.Leaves()[t.Column].Title} {Comparison.Describe(t.Figures)}";
        }

        public void Rows()
        {
            var table = rule.Table is null ? null : FindTable(rule.Table);
            if (table is null)
            {
                NotApplicable($"无法核对：没有找到表“{rule.Table}”。");
                return;
            }

            var relation = RowRelation.Resolve(table, rule);
            if (relation is null)
            {
                ConfigError($"{table.Number}的列“{rule.Target}”或“{string.Join("、", rule.Parts ?? [])}”不存在");
                return;
            }

            var leaves = table.Leaves();
            var target = relation.Target;
            foreach (var row in table.Rows.Where(r => relation.AppliesTo(r) && relation.Involves(r)))
            {
                Compare($"{table.Number} {table.Title}", RowLabel(row), leaves[target].Title, Figure(table, row, target),
                    [.. relation.Parts.Select(p => Figure(table, row, p.Index, p.Sign))],
                    $"{leaves[target].Title} = {string.Join(" + ", relation.Parts.Select(p => (p.Sign < 0 ? "−" : "") + leaves[p.Index].Title))}");
            }
        }

        private IEnumerable<(int Index, string Title)> AmountColumns(TableDocument table)
        {
            var leaves = table.Leaves();
            var wanted = rule.Columns;
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].Type == ColumnTypes.Amount && (wanted is null || wanted.Contains(leaves[i].Key!)))
                {
                    yield return (i, leaves[i].Title);
                }
            }
        }

        public void Hierarchy()
        {
            var table = rule.Table is null ? null : FindTable(rule.Table);
            if (table is null)
            {
                NotApplicable($"无法核对：没有找到表“{rule.Table}”。");
                return;
            }

            // By default the row's classification code; a side-by-side block (基本支出决算表) names its own code column.
            var codeColumn = rule.Column is null ? -1 : LeafIndex(table, rule.Column);
            if (rule.Column is not null && codeColumn < 0)
            {
                ConfigError($"{table.Number}没有列“{rule.Column}”");
                return;
            }

            string? CodeOf(RowDocument r) => codeColumn < 0 ? r.Code : r.Cells[codeColumn].Text?.Trim();
            var coded = table.Rows
                .Where(r => r.Role != RowRoles.Total && CodeOf(r) is { Length: > 0 } c && c.All(char.IsAsciiDigit))
                .Select(r => r with { Code = CodeOf(r), Name = codeColumn < 0 ? r.Name : r.Cells.ElementAtOrDefault(codeColumn + 1).Text })
                .ToList();
            if (coded.Count == 0)
            {
                return;
            }

            var columns = AmountColumns(table).ToList();
            var title = $"{table.Number} {table.Title}";
            foreach (var parent in coded)
            {
                var children = ClassificationTree.Children(coded, parent.Code!);
                if (children.Count == 0)
                {
                    continue;
                }

                SumOfParts(table, title, parent, children, columns, $"{parent.Code} = 其下 {children.Count} 个科目之和");
            }

            var total = rule.Column is null ? table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total) : null;
            if (total is not null)
            {
                var top = ClassificationTree.Top(coded);
                var topLength = top.Min(r => r.Code!.Length);
                SumOfParts(table, title, total, top, columns, $"合计 = {top.Count} 个{(topLength == 3 ? "类" : "一级")}科目之和");
            }
        }

        /// <summary>
        /// A row against the sum of its parts, column by column (a hierarchy's parent and children, a total and its top
        /// classes); a column blank in the row and in every part is skipped (blank is not zero).
        /// </summary>
        private void SumOfParts(TableDocument table, string title, RowDocument whole, IReadOnlyList<RowDocument> parts,
            IEnumerable<(int Index, string Title)> columns, string description)
        {
            foreach (var (index, columnTitle) in columns)
            {
                if (whole.Cells[index].Number is null && parts.All(c => c.Cells[index].Number is null))
                {
                    continue;
                }

                Compare(title, RowLabel(whole), columnTitle, Figure(table, whole, index), Figures(table, parts, index), description);
            }
        }

        public void Levels()
        {
            var table = rule.Table is null ? null : FindTable(rule.Table);
            if (table is null)
            {
                NotApplicable($"无法核对：没有找到表“{rule.Table}”。");
                return;
            }

            var rows = table.Rows.Where(r => r.Role != RowRoles.ColumnNumbers).ToList();
            var columns = AmountColumns(table).ToList();
            var title = $"{table.Number} {table.Title}";
            for (var i = 0; i < rows.Count; i++)
            {
                var parent = rows[i];
                var level = parent.Role == RowRoles.Total ? 0 : parent.Level;
                var children = new List<RowDocument>();
                for (var j = i + 1; j < rows.Count && rows[j].Role != RowRoles.Total && rows[j].Level > level; j++)
                {
                    if (rows[j].Level == level + 1)
                    {
                        children.Add(rows[j]);
                    }
                }

                if (children.Count == 0)
                {
                    continue;
                }

                SumOfParts(table, title, parent, children, columns, $"{RowLabel(parent)} = 其下 {children.Count} 行之和");
            }
        }

        public void Codes()
        {
            var table = rule.Table is null ? null : FindTable(rule.Table);
            var other = rule.OtherTable is null ? null : FindTable(rule.OtherTable);
            if (table is null || other is null)
            {
                NotApplicable($"无法核对：没有找到表“{(table is null ? rule.Table : rule.OtherTable)}”。");
                return;
            }

            var column = LeafIndex(table, rule.Column ?? "");
            var otherColumn = LeafIndex(other, rule.OtherColumn ?? rule.Column ?? "");
            if (column < 0 || otherColumn < 0)
            {
                ConfigError($"列“{rule.Column}”或“{rule.OtherColumn}”不存在");
                return;
            }

            foreach (var row in table.Rows.Where(r => r.Role != RowRoles.Total && r.Code is not null))
            {
                var match = other.Rows.FirstOrDefault(r => r.Role != RowRoles.Total && r.Code == row.Code);
                var value = ValueAt(row, column);
                if (match is null)
                {
                    if (value != 0)
                    {
                        findings.Add(new Finding
                        {
                            Rule = rule.Id,
                            Description = rule.Description,
                            Severity = Severity.Error,
                            Table = $"{table.Number} {table.Title}",
                            Row = RowLabel(row),
                            Column = table.Leaves()[column].Title,
                            Actual = value,
                            Unit = AmountUnit.OfTable(table).Name,
                            Message = $"{other.Number} {other.Title}中没有科目 {row.Code}。",
                        });
                    }

                    continue;
                }

                Compare($"{table.Number} {table.Title}", RowLabel(row), table.Leaves()[column].Title, Figure(table, row, column), [Figure(other, match, otherColumn)],
                    $"对照 {other.Number}“{RowLabel(match)}”{other.Leaves()[otherColumn].Title}");
            }
        }
    }
}

/// <summary>A table that a table set requires, matched by role code (or, without one, by number and title).</summary>
public sealed record TableRequirement(string Number, string? Code, string Title)
{
    public bool Matches(TableDocument table) =>
        Code is not null
            ? table.Code == Code
            : table.Number == Number && CheckEngine.NormalizeName(table.Title) == CheckEngine.NormalizeName(Title);
}
