using System.Text.RegularExpressions;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// Finds the rows that rules address by something steadier than a printed label: a fixed row's stable key (through
/// the printed items of that row in the table set, and their occurrence when printed twice), or a 类 of the functional
/// classification printed by name with a department's own ordinal ("五、教育支出").
/// </summary>
/// <remarks>
/// One resolver serves one check run or one fill (single-threaded): it keeps each text's normalized form and what a
/// fixed row's key stands for in its template, both pure functions of immutable inputs, so that a rule's lookup does
/// not normalize every printed cell of the table again (most of a synthetic template's fill and check, decision 0440).
/// </remarks>
public sealed partial class RowResolver(TableSetDefinition? set, CodeBook? codes)
{
    private Dictionary<string, string>? _classNames;
    private readonly Dictionary<string, string> _normalized = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _withoutOrdinal = new(StringComparer.Ordinal);
    private readonly Dictionary<TableTemplateDefinition, TemplateItems> _templates = new(ReferenceEqualityComparer.Instance);

    /// <summary>Of one template: each fixed row key's items and occurrence, and each fixed row's printed items.</summary>
    private sealed record TemplateItems(Dictionary<string, KeyedItems?> Keys, Dictionary<RowDocument, List<(int Index, string Text)>> Rows);

    /// <summary>A fixed row's printed items in its template and how many earlier fixed rows print the same.</summary>
    private sealed record KeyedItems(List<(int Index, string Text)> Items, int Occurrence);

    /// <summary><see cref="CheckEngine.NormalizeName"/>, once per distinct text.</summary>
    private string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!_normalized.TryGetValue(text, out var normalized))
        {
            normalized = CheckEngine.NormalizeName(text);
            _normalized.Add(text, normalized);
        }

        return normalized;
    }

    /// <param name="aliases">The rule's printed 类 names that differ from the code lists', by code.</param>
    public RowDocument? Find(TableDocument table, RowSelector selector, IReadOnlyDictionary<string, string>? aliases = null)
    {
        if (selector.Key is { } key)
        {
            return FindKeyed(table, key);
        }

        if (selector.Class is { } classCode)
        {
            return table.Rows.FirstOrDefault(r => r.Role is not (RowRoles.Total or RowRoles.ColumnNumbers)
                && (r.Code == classCode || r.Cells.Any(c => c.Text is { } text && ClassOf(text, aliases) == classCode)));
        }

        var occurrence = Math.Max(selector.Occurrence, 1) - 1;
        if (selector.Name is { } name)
        {
            var wanted = Normalize(name);
            return table.Rows.Where(r => Normalize(r.Name) == wanted).ElementAtOrDefault(occurrence);
        }

        if (selector.Text is { } printed)
        {
            var wanted = Normalize(printed);
            return table.Rows.Where(r => r.Cells.Any(c => c.Text is not null && Normalize(c.Text) == wanted)).ElementAtOrDefault(occurrence);
        }

        return null;
    }

    /// <summary>The template of the set for a table of the disclosure (by role, else by number).</summary>
    private TableTemplateDefinition? TemplateOf(TableDocument table) =>
        set?.Tables.FirstOrDefault(t => table.Code is not null ? t.Code == table.Code : t.Number == table.Number);

    /// <summary>The printed items of a fixed row: its text cells (not 栏次 or codes), by column index.</summary>
    private List<(int Index, string Text)> Items(IReadOnlyList<ColumnNode> leaves, RowDocument row) =>
        [.. Enumerable.Range(0, Math.Min(leaves.Count, row.Cells.Count))
            .Where(i => IsItem(leaves, row, i))
            .Select(i => (i, Normalize(row.Cells[i].Text)))];

    /// <summary>True when the row prints an item (a non-blank text cell) at column <paramref name="i"/>.</summary>
    private static bool IsItem(IReadOnlyList<ColumnNode> leaves, RowDocument row, int i) =>
        i < leaves.Count && i < row.Cells.Count && leaves[i].Type == ColumnTypes.Text && !string.IsNullOrWhiteSpace(row.Cells[i].Text);

    private RowDocument? FindKeyed(TableDocument table, string key)
    {
        if (TemplateOf(table) is not { } template || Keyed(template, key) is not { } wanted)
        {
            return null;
        }

        // Every item of the fixed row printed at the same column (what Items of the row would contain).
        var leaves = table.Leaves();
        return table.Rows
            .Where(r => r.Role != RowRoles.ColumnNumbers && wanted.Items.All(w => IsItem(leaves, r, w.Index) && Normalize(r.Cells[w.Index].Text) == w.Text))
            .ElementAtOrDefault(wanted.Occurrence);
    }

    /// <summary>The printed items of the template's fixed row <paramref name="key"/> and their occurrence; null when it has none.</summary>
    private KeyedItems? Keyed(TableTemplateDefinition template, string key)
    {
        if (!_templates.TryGetValue(template, out var known))
        {
            known = new TemplateItems(new(StringComparer.Ordinal), new(ReferenceEqualityComparer.Instance));
            _templates.Add(template, known);
        }

        if (known.Keys.TryGetValue(key, out var keyed))
        {
            return keyed;
        }

        var fixedRows = template.FixedRows ?? [];
        var position = fixedRows.FindIndex(r => r.Key == key);
        var leaves = position < 0 ? [] : ColumnNode.Leaves(template.Columns);
        var items = position < 0 ? [] : FixedItems(fixedRows[position]);
        // The same items printed earlier in the template (二、上年结转 repeats (一)一般公共预算拨款收入): count them.
        keyed = items.Count == 0 ? null : new KeyedItems(items, fixedRows.Take(position).Count(r => FixedItems(r).SequenceEqual(items)));
        known.Keys.Add(key, keyed);
        return keyed;

        List<(int Index, string Text)> FixedItems(RowDocument row)
        {
            if (!known.Rows.TryGetValue(row, out var found))
            {
                found = Items(leaves, row);
                known.Rows.Add(row, found);
            }

            return found;
        }
    }

    /// <summary>True when the text is printed at that column in one of the set's fixed rows of the table.</summary>
    public bool IsFixedItem(TableDocument table, int column, string text)
    {
        var template = TemplateOf(table);
        var wanted = Normalize(text);
        return template?.FixedRows?.Any(r => column < r.Cells.Count && Normalize(r.Cells[column].Text) == wanted) == true;
    }

    /// <summary>
    /// For a row picked by key or 类: the item printed beside the figure (the nearest text cell to the left of the
    /// column), so that a finding names "本年支出合计" rather than the income item on the same line.
    /// </summary>
    public static string? PrintedItem(TableDocument table, CellTerm term, RowDocument row)
    {
        if (term.Row.Key is null && term.Row.Class is null)
        {
            return null;
        }

        var leaves = table.Leaves();
        var column = leaves.ToList().FindIndex(l => l.Key == term.Column);
        for (var i = Math.Min(column, row.Cells.Count) - 1; i >= 0; i--)
        {
            if (leaves[i].Type == ColumnTypes.Text && !string.IsNullOrWhiteSpace(row.Cells[i].Text))
            {
                return row.Cells[i].Text;
            }
        }

        return null;
    }

    /// <summary>The 类 code that a printed item names, ordinal and a trailing "支出" aside; null when it names none.</summary>
    public string? ClassOf(string printed, IReadOnlyDictionary<string, string>? aliases)
    {
        if (!_withoutOrdinal.TryGetValue(printed, out var name))
        {
            name = Normalize(Ordinal().Replace(printed.Trim(), ""));
            _withoutOrdinal.Add(printed, name);
        }

        if (name.Length == 0)
        {
            return null;
        }

        if (aliases is not null)
        {
            foreach (var (code, alias) in aliases)
            {
                if (Normalize(alias) == name)
                {
                    return code;
                }
            }
        }

        _classNames ??= ClassNames(codes);
        return _classNames.TryGetValue(name, out var found) ? found
            : _classNames.TryGetValue(name + "支出", out found) ? found
            : null;
    }

    private static Dictionary<string, string> ClassNames(CodeBook? codes)
    {
        var names = new Dictionary<string, string>();
        foreach (var entry in codes?.Lists.Where(l => l.Prefix == "2").SelectMany(l => l.Entries).Where(e => e.Code.Length == 3) ?? [])
        {
            names.TryAdd(CheckEngine.NormalizeName(entry.Name), entry.Code);
        }

        return names;
    }

    /// <summary>True when the item starts with a printed ordinal ("一、", "（二）", "1、"), as a template's own items do.</summary>
    public static bool StartsWithOrdinal(string printed) => Ordinal().IsMatch(printed.Trim());

    /// <summary>"一、", "（十六）", "(3)", "3、", "其中：" printed before an item.</summary>
    [GeneratedRegex(@"^(其中[:：]\s*)?([（(]?[一二三四五六七八九十百零〇\d]+[)）]|[一二三四五六七八九十百零〇\d]+[、.．])\s*")]
    private static partial Regex Ordinal();
}

public static partial class CheckEngine
{
    private sealed partial class RuleContext
    {
        /// <summary>
        /// Rules over the functional classes a two-sided table prints by name, whichever classes a department has:
        /// each 类 against the same code elsewhere, or a total against the sum of them all.
        /// </summary>
        public void Classes()
        {
            var table = rule.Table is null ? null : FindTable(rule.Table);
            if (table is null)
            {
                NotApplicable($"无法核对：没有找到表“{rule.Table}”。");
                return;
            }

            var column = LeafIndex(table, rule.Column ?? "");
            if (column < 0 || (rule.OtherTable is null && rule.Left is null))
            {
                ConfigError(column < 0 ? $"{table.Number}没有列“{rule.Column}”" : "classes 规则需要 otherTable 或 left");
                return;
            }

            // The item column of the figure's side: the text columns of the nearest block of non-figure columns to its
            // left (财政拨款收支总表 prints 合计 and each fund after one item column).
            var leaves = table.Leaves();
            var block = Enumerable.Range(0, column).Reverse().SkipWhile(i => leaves[i].IsNumeric).TakeWhile(i => !leaves[i].IsNumeric);
            var itemColumns = block.Where(i => leaves[i].Type == ColumnTypes.Text).ToList();
            var classes = new List<(string Code, string Printed)>();
            foreach (var row in table.Rows.Where(r => r.Role is not (RowRoles.Total or RowRoles.ColumnNumbers)))
            {
                var printed = itemColumns.Select(i => (Index: i, Text: row.Cells.ElementAtOrDefault(i).Text)).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x.Text));
                if (printed.Text is null)
                {
                    continue;
                }

                if ((row.Code is { Length: 3 } code ? code : rows.ClassOf(printed.Text, rule.Aliases)) is { } classCode)
                {
                    classes.Add((classCode, printed.Text));
                }
                else if (ValueAt(row, column) != 0 && !rows.IsFixedItem(table, printed.Index, printed.Text))
                {
                    NotApplicable($"“{printed.Text}”不是支出功能分类的类级科目（编码表中没有这个名称），未计入本规则。");
                }
            }

            if (rule.OtherTable is not null)
            {
                foreach (var (code, printed) in classes)
                {
                    var single = rule with
                    {
                        Id = rule.Id.Contains("{code}", StringComparison.Ordinal) ? rule.Id.Replace("{code}", code, StringComparison.Ordinal) : $"{rule.Id}-{code}",
                        Kind = "sum",
                        Description = $"{rule.Description}（{printed}）",
                        Left = new CellTerm { Table = rule.Table!, Row = new RowSelector { Class = code }, Column = rule.Column! },
                        Right = [new CellTerm { Table = rule.OtherTable, Row = new RowSelector { Code = code }, Column = rule.OtherColumn ?? rule.Column! }],
                    };
                    new RuleContext(document, single, findings, rows).Sum();
                }
            }

            if (rule.Left is not null && classes.Count > 0)
            {
                var total = rule with
                {
                    Kind = "sum",
                    Right = [.. classes.Select(c => new CellTerm { Table = rule.Table!, Row = new RowSelector { Class = c.Code }, Column = rule.Column! })],
                };
                new RuleContext(document, total, findings, rows).Sum();
            }
        }
    }
}
