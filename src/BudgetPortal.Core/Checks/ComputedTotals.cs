using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>One cell that "计算各级合计" filled, with what it held before (blank, a mark or an entered figure).</summary>
public sealed record ComputedCell(int Row, int Column, CellValue Before);

/// <summary>
/// "计算各级合计": the figures a table's rules define, computed by the meaning the check engine gives those rules. First
/// the table set's <c>rows</c> relations of the table on every row (innermost first: 基本支出 = 人员 + 公用 before
/// 合计 = 基本 + 项目, <see cref="RowRelation"/>), then each classification parent as the sum of its nearest listed
/// descendants and the 合计 row as the sum of the top level (<see cref="ClassificationTree"/>), in every amount column.
/// A target whose parts are all blank keeps what was entered. Every cell whose value changed is returned, so that the
/// page can mark it (and show the figure it replaced) until it is saved.
/// </summary>
public static class ComputedTotals
{
    public static (TableDocument Table, IReadOnlyList<ComputedCell> Changed) Apply(TableDocument table, IEnumerable<CheckRule> rules)
    {
        var rows = table.Rows.Select(r => r with { Cells = [.. r.Cells] }).ToList();
        var width = table.Leaves().Count;
        foreach (var row in rows)
        {
            while (row.Cells.Count < width)
            {
                row.Cells.Add(CellValue.Blank);
            }
        }

        var relations = rules.Where(r => r.Kind == "rows" && r.Table == table.Code).Select(r => RowRelation.Resolve(table, r)).OfType<RowRelation>().ToList();
        relations = [.. relations.OrderBy(r => relations.Any(o => o.Parts.Any(p => p.Index == r.Target)) ? 0 : 1)];
        foreach (var relation in relations)
        {
            foreach (var row in rows.Where(relation.AppliesTo))
            {
                Fill(row, relation.Target, relation.Parts.Select(p => row.Cells[p.Index].Number * p.Sign));
            }
        }

        var leaves = table.Leaves();
        var amounts = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Type == ColumnTypes.Amount).ToList();
        var coded = rows.Where(r => r.Role != RowRoles.Total && r.Code is { Length: >= 3 } c && c.All(char.IsAsciiDigit)).ToList();

        // Deepest parents first, so that a 类 adds up 款 that were themselves just computed.
        foreach (var parent in coded.OrderByDescending(r => r.Code!.Length))
        {
            Sum(parent, ClassificationTree.Children(coded, parent.Code!));
        }

        if (rows.FirstOrDefault(r => r.Role == RowRoles.Total) is { } total && coded.Count > 0)
        {
            Sum(total, ClassificationTree.Top(coded));
        }

        var changed = new List<ComputedCell>();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var before = c < table.Rows[r].Cells.Count ? table.Rows[r].Cells[c] : CellValue.Blank;
                if (before != rows[r].Cells[c] && !(before.Number is { } x && rows[r].Cells[c].Number == x))
                {
                    changed.Add(new ComputedCell(r, c, before));
                }
            }
        }

        return (table with { Rows = rows }, changed);

        void Sum(RowDocument target, List<RowDocument> parts)
        {
            if (parts.Count > 0)
            {
                foreach (var i in amounts)
                {
                    Fill(target, i, parts.Select(p => p.Cells[i].Number));
                }
            }
        }

        static void Fill(RowDocument row, int column, IEnumerable<decimal?> parts)
        {
            var values = parts.ToList();
            if (values.Any(v => v is not null))
            {
                row.Cells[column] = CellValue.Of(values.Sum(v => v ?? 0m));
            }
        }
    }
}
