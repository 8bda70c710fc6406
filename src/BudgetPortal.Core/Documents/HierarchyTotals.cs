namespace BudgetPortal.Core.Documents;

/// <summary>
/// Offers the computed figures of a classification table: each 类 and 款 row as the sum of the rows one level under it,
/// and the 合计 row as the sum of the top level, in every amount column. Rows without children keep what was entered.
/// </summary>
public static class HierarchyTotals
{
    public static TableDocument Apply(TableDocument table)
    {
        var leaves = table.Leaves();
        var amounts = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Type == ColumnTypes.Amount).ToList();
        var rows = table.Rows.Select(r => r with { Cells = [.. r.Cells] }).ToList();
        var coded = rows.Where(r => r.Role != RowRoles.Total && r.Code is { Length: >= 3 }).ToList();

        // Deepest parents first, so that a 类 adds up 款 that were themselves just computed.
        foreach (var parent in coded.OrderByDescending(r => r.Code!.Length))
        {
            var children = coded.Where(c => c.Code!.Length == parent.Code!.Length + 2 && c.Code.StartsWith(parent.Code, StringComparison.Ordinal)).ToList();
            if (children.Count > 0)
            {
                Sum(parent, children);
            }
        }

        var total = rows.FirstOrDefault(r => r.Role == RowRoles.Total);
        if (total is not null && coded.Count > 0)
        {
            var top = coded.Where(r => !coded.Any(o => o.Code!.Length < r.Code!.Length && r.Code.StartsWith(o.Code, StringComparison.Ordinal))).ToList();
            Sum(total, top);
        }

        return table with { Rows = rows };

        void Sum(RowDocument target, List<RowDocument> parts)
        {
            foreach (var i in amounts)
            {
                var values = parts.Select(p => i < p.Cells.Count ? p.Cells[i].Number : null).ToList();
                while (target.Cells.Count <= i)
                {
                    target.Cells.Add(CellValue.Blank);
                }

                target.Cells[i] = values.All(v => v is null) ? CellValue.Blank : CellValue.Of(values.Sum(v => v ?? 0m));
            }
        }
    }
}
