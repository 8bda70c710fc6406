using System.Globalization;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// One changed cell (or a removed row) between two versions of a table, as the history page and the audit log show it:
/// <see cref="Location"/> is the row and the column together; <see cref="Row"/> (code and name) and <see cref="Column"/>
/// (the full header path) apart, for a preview that lists them in columns.
/// </summary>
public sealed record CellChange(string Location, string? Old, string? New, string? Row = null, string? Column = null);

/// <summary>
/// Cell-by-cell differences between two versions of a table, rows matched by <see cref="RowIdentity.KeyOf"/>. The public
/// history page, the import preview and the audit log of every save all describe a change this way.
/// </summary>
public static class TableDiff
{
    public static List<CellChange> Compare(TableDocument before, TableDocument after)
    {
        var leaves = after.Leaves();
        var paths = ColumnNode.LeafPaths(after.Columns);
        var changes = new List<CellChange>();

        // The unit and decimals are data of the table: changing them changes what every figure means.
        if (before.Unit != after.Unit || before.Decimals != after.Decimals)
        {
            changes.Add(new CellChange("金额单位", UnitLabel(before), UnitLabel(after), "金额单位"));
        }

        var oldRows = Keyed(before.Rows).ToDictionary(x => x.Key, x => x.Row);
        var newKeys = new HashSet<string>();
        foreach (var (key, row) in Keyed(after.Rows))
        {
            newKeys.Add(key);
            oldRows.TryGetValue(key, out var old);
            for (var i = 0; i < leaves.Count; i++)
            {
                var o = old is null || i >= old.Cells.Count ? CellValue.Blank : old.Cells[i];
                var n = i >= row.Cells.Count ? CellValue.Blank : row.Cells[i];
                // By value: 0.6 and 0.60 are the same figure (a workbook or the grid may drop the printed scale).
                if (o.Number is { } x && n.Number is { } y ? x != y : o != n)
                {
                    changes.Add(new CellChange($"{Label(row)} · {paths[i]}", Show(o), Show(n), Label(row), paths[i]));
                }
            }
        }

        foreach (var (key, row) in oldRows.Where(kv => !newKeys.Contains(kv.Key)))
        {
            changes.Add(new CellChange($"{Label(row)}（删除此行）", string.Join(" ", row.Cells.Select(Show).Where(s => s is not null)), null, Label(row), "（删除此行）"));
        }

        return changes;

        static string? Show(CellValue cell) => cell.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : cell.Text;
        static string UnitLabel(TableDocument table) => $"{table.Unit ?? "无"}，{table.Decimals} 位小数";
    }

    /// <summary>Row identities, the second row of the same identity (上年结转 repeats 本年收入's items) counted apart.</summary>
    private static IEnumerable<(string Key, RowDocument Row)> Keyed(IEnumerable<RowDocument> rows)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = RowIdentity.KeyOf(row);
            seen[key] = seen.GetValueOrDefault(key) + 1;
            yield return (seen[key] == 1 ? key : $"{key}#{seen[key]}", row);
        }
    }

    private static string Label(RowDocument row) =>
        string.Join(" ", new[] { row.Code, row.Name ?? row.Cells.FirstOrDefault(c => c.Text is not null).Text }.Where(s => !string.IsNullOrEmpty(s)));
}
