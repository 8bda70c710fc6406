using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// The <c>items</c> rule: in a table whose rows are printed items rather than codes (财政拨款收支总表 of many budgets,
/// "一、本年支出" followed by "（一）一般公共服务支出"…), a heading row equals the sum of the enumerated rows under it, in
/// each of <see cref="CheckRule.Columns"/>. The heading is found by its text in <see cref="CheckRule.Column"/>
/// (<see cref="CheckRule.Target"/>); its items are the following rows whose text there starts with an enumerator
/// "（一）"/"(十六)", up to the next heading "二、". Tolerance: half a unit per figure (k items + the heading).
/// </summary>
public static partial class ListedItems
{
    public static void Run(DisclosureDocument document, CheckRule rule, List<Finding> findings)
    {
        var table = document.Tables.FirstOrDefault(t => !t.Missing && t.Code == rule.Table);
        if (table is null || rule.Column is null || rule.Target is null || rule.Columns is not { Count: > 0 })
        {
            return;
        }

        var leaves = table.Leaves();
        var nameColumn = IndexOf(leaves, rule.Column);
        if (nameColumn < 0)
        {
            return;
        }

        string Text(RowDocument row) => CheckEngine.NormalizeName(row.Cells.ElementAtOrDefault(nameColumn).Text);
        var rows = table.Rows;
        var head = rows.FindIndex(r => Text(r) == CheckEngine.NormalizeName(rule.Target));
        if (head < 0)
        {
            return;
        }

        var items = new List<RowDocument>();
        for (var i = head + 1; i < rows.Count && !Heading().IsMatch(Text(rows[i])); i++)
        {
            if (Enumerated().IsMatch(Text(rows[i])))
            {
                items.Add(rows[i]);
            }
        }

        if (items.Count == 0)
        {
            return;
        }

        var unit = AmountUnit.OfTable(table);
        foreach (var key in rule.Columns)
        {
            var column = IndexOf(leaves, key);
            if (column < 0)
            {
                continue;
            }

            // Blank items add nothing and are not rounded figures.
            PrintedAmount Figure(RowDocument row) => new(row.Cells.ElementAtOrDefault(column).Number ?? 0m, unit, table.Decimals);
            var total = Figure(rows[head]);
            var parts = items.Where(r => r.Cells.ElementAtOrDefault(column).Number is not null).Select(Figure).ToList();
            var finding = Comparison.Of(rule, $"{table.Number} {table.Title}", rule.Target, leaves[column].Title, total, parts, null, figuresInMessage: false);
            findings.Add(finding.Severity == Severity.Pass ? finding : finding with
            {
                Message = $"{rule.Target} {total}，其下各项之和为 {Comparison.Describe(parts)}。",
            });
        }
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

    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\([一二三四五六七八九十]+\)")]
    private static partial Regex Enumerated();
}
