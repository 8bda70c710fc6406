using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Figures;

/// <summary>
/// One part of a breakdown: a classification code (or an item), its name, its amount, whether it has parts, and the
/// anchor of the table row it comes from on the disclosure page (<c>t3-r12</c>: table 3, row 12), when there is one.
/// </summary>
public sealed record BreakdownItem(string? Code, string Name, decimal Amount, bool HasChildren, string? Anchor = null);

/// <summary>
/// Breakdowns of a disclosure for the charts: expenditure by functional classification, level by level (类 → 款 → 项),
/// basic expenditure by economic classification (类), and income by source. Layouts that list only 项 rows (河南)
/// get their 类 and 款 as sums of the rows under them; names come from the rows or the code list. Amounts are in 万元
/// (<see cref="AmountUnit.Reporting"/>), converted from each table's own unit.
/// </summary>
public static class Breakdowns
{
    /// <summary>The children of <paramref name="parent"/> (null: the 类) in the functional expenditure table.</summary>
    public static IReadOnlyList<BreakdownItem> Functional(DisclosureDocument document, string? parent, Func<string, string?> codeName)
    {
        var table = Table(document, document.Kind == DisclosureKinds.Final ? ["gpb_expenditure", "expenditure"] : ["expenditure", "gpb_expenditure"]);
        if (table is null)
        {
            return [];
        }

        var total = table.Leaves().Select(l => l.Key).ToList().IndexOf("total");
        if (total < 0)
        {
            return [];
        }

        var rows = table.Rows.Where(r => r.Role != RowRoles.Total && r.Code is { Length: 3 or 5 or 7 } c && c.All(char.IsAsciiDigit)).ToList();
        var length = parent is null ? 3 : parent.Length + 2;
        var items = new List<BreakdownItem>();
        foreach (var group in rows.Where(r => r.Code!.Length >= length && (parent is null || r.Code.StartsWith(parent, StringComparison.Ordinal)))
                     .GroupBy(r => r.Code![..length]))
        {
            var own = group.FirstOrDefault(r => r.Code == group.Key);
            // The row of that code if printed; otherwise the sum of the outermost rows under it.
            var parts = own is not null ? [own] : group.Where(r => !group.Any(o => o.Code!.Length < r.Code!.Length && r.Code.StartsWith(o.Code, StringComparison.Ordinal))).ToList();
            var amount = ToReporting(table, parts.Sum(r => total < r.Cells.Count ? r.Cells[total].Number ?? 0m : 0m));
            var name = own?.Name ?? codeName(group.Key) ?? group.Key;
            items.Add(new BreakdownItem(group.Key, name, amount, group.Any(r => r.Code!.Length > length), Anchor(document, table, parts.FirstOrDefault())));
        }

        return [.. items.OrderBy(i => i.Code, StringComparer.Ordinal)];
    }

    /// <summary>Basic expenditure by economic 类 (301, 302, 303, 310 …), over every code block of the table.</summary>
    public static IReadOnlyList<BreakdownItem> Economic(DisclosureDocument document, Func<string, string?> codeName)
    {
        var table = Table(document, ["gpb_basic"]);
        if (table is null)
        {
            return [];
        }

        var leaves = table.Leaves();
        var found = new List<(string Code, string? Name, decimal Amount, RowDocument Row)>();
        for (var c = 0; c < leaves.Count; c++)
        {
            if (leaves[c].Type != ColumnTypes.Code)
            {
                continue;
            }

            // A block: the code, its name, and the first amount to the right (合计 in budgets, the block's 决算数 in finals).
            var nameColumn = Enumerable.Range(c + 1, leaves.Count - c - 1).FirstOrDefault(i => leaves[i].Type == ColumnTypes.Text, -1);
            var amountColumn = Enumerable.Range(c + 1, leaves.Count - c - 1).FirstOrDefault(i => leaves[i].Type == ColumnTypes.Amount, -1);
            if (amountColumn < 0)
            {
                continue;
            }

            foreach (var row in table.Rows.Where(r => r.Role != RowRoles.Total))
            {
                var code = c < row.Cells.Count ? row.Cells[c].Text : null;
                if (code is { Length: 3 or 5 } && code.StartsWith('3') && code.All(char.IsAsciiDigit) && row.Cells[amountColumn].Number is { } amount)
                {
                    found.Add((code, nameColumn >= 0 ? row.Cells[nameColumn].Text : null, amount, row));
                }
            }
        }

        // A 类 printed as a row counts as printed; a 类 the layout leaves out (河南) is the sum of its 款.
        return [.. found.GroupBy(f => f.Code[..3]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var own = g.Where(f => f.Code.Length == 3).ToList();
            var amount = own.Count > 0 ? own.Sum(f => f.Amount) : g.Sum(f => f.Amount);
            return new BreakdownItem(g.Key, own.FirstOrDefault().Name ?? codeName(g.Key) ?? g.Key, ToReporting(table, amount), false,
                Anchor(document, table, own.Count > 0 ? own[0].Row : g.First().Row));
        })];
    }

    /// <summary>Income by source: the numbered income items of the summary table (一、…, 二、…) that carry a figure.</summary>
    public static IReadOnlyList<BreakdownItem> Income(DisclosureDocument document)
    {
        var table = Table(document, ["summary"]);
        if (table is null)
        {
            return [];
        }

        var leaves = table.Leaves();
        var name = Enumerable.Range(0, leaves.Count).FirstOrDefault(i => leaves[i].Role == ColumnRoles.Name, -1);
        var amount = Enumerable.Range(name + 1, Math.Max(0, leaves.Count - name - 1)).FirstOrDefault(i => leaves[i].Type == ColumnTypes.Amount, -1);
        if (name < 0 || amount < 0)
        {
            return [];
        }

        return [.. table.Rows
            .Where(r => r.Cells[name].Text is { } n && IsNumberedItem(n) && r.Cells[amount].Number is { } v && v != 0m)
            .Select(r => new BreakdownItem(null, r.Cells[name].Text!, ToReporting(table, r.Cells[amount].Number!.Value), false, Anchor(document, table, r)))];
    }

    /// <summary>The anchor of a row of a table on the disclosure page (<c>t{table}-r{row}</c>, both 1-based), as the page prints it.</summary>
    public static string? Anchor(DisclosureDocument document, TableDocument table, RowDocument? row)
    {
        var t = IndexOf(document.Tables, table);
        var r = row is null ? -1 : IndexOf(table.Rows, row);
        return t < 0 ? null : r < 0 ? $"t{t + 1}" : $"t{t + 1}-r{r + 1}";

        static int IndexOf<T>(IReadOnlyList<T> items, T item)
            where T : class
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (ReferenceEquals(items[i], item))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private static bool IsNumberedItem(string name) =>
        name.Length > 2 && "一二三四五六七八九十".Contains(name[0], StringComparison.Ordinal) && name.Contains('、', StringComparison.Ordinal);

    private static decimal ToReporting(TableDocument table, decimal value) => AmountUnit.OfTable(table).To(AmountUnit.Reporting, value);

    private static TableDocument? Table(DisclosureDocument document, string[] codes) =>
        codes.Select(code => document.Tables.FirstOrDefault(t => !t.Missing && t.Code == code)).FirstOrDefault(t => t is not null);
}
