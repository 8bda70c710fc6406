namespace BudgetPortal.Core.Documents;

/// <summary>
/// A new draft started from the department's previous disclosure of the same kind: each table of the new draft takes
/// the rows of the previous year's table of the same role (or number and title) — classification codes, names, units,
/// projects and fixed items — with every figure left blank (blank is not zero: nothing of last year is entered as this
/// year's figure). Where the table's columns are printed the same, its rows, unit and decimals are taken whole; where the
/// set changed the layout, the coded and named rows are carried into the new columns by their roles. See
/// docs/decisions/0180-start-from-previous-disclosure.md.
/// </summary>
public static class CarryForward
{
    public static TableDocument Table(TableDocument blank, DisclosureDocument previous)
    {
        var old = previous.Tables.FirstOrDefault(t => !t.Missing && blank.Code is not null && t.Code == blank.Code)
            ?? previous.Tables.FirstOrDefault(t => !t.Missing && t.Number == blank.Number && Same(t.Title, blank.Title));
        if (old is null)
        {
            return blank;
        }

        var leaves = blank.Leaves();
        if (ColumnNode.LeafPaths(old.Columns).SequenceEqual(ColumnNode.LeafPaths(blank.Columns)))
        {
            return RowIdentity.Apply(blank with
            {
                Unit = old.Unit ?? blank.Unit,
                Decimals = old.Decimals,
                Rows = [.. old.Rows.Select(r => r with { Cells = [.. r.Cells.Select((c, i) => i < leaves.Count && leaves[i].IsNumeric ? CellValue.Blank : c)] })],
            });
        }

        // Another layout: the rows the blank table does not have, carried by the roles of their columns.
        var oldLeaves = old.Leaves();
        var roles = leaves.Select((l, i) => (l.Role, Nth: leaves.Take(i).Count(o => o.Role == l.Role && l.Role is not null))).ToList();
        if (roles.All(r => r.Role is null))
        {
            return blank;
        }

        var known = blank.Rows.Select(RowIdentity.KeyOf).ToHashSet(StringComparer.Ordinal);
        var rows = blank.Rows.ToList();
        foreach (var row in old.Rows.Where(r => r.Role is null && (r.Code is not null || r.Name is not null) && !known.Contains(RowIdentity.KeyOf(r))))
        {
            var cells = roles.Select(r =>
            {
                if (r.Role is null)
                {
                    return CellValue.Blank;
                }

                var from = Enumerable.Range(0, oldLeaves.Count).Where(i => oldLeaves[i].Role == r.Role).Skip(r.Nth).FirstOrDefault(-1);
                return from >= 0 && from < row.Cells.Count ? row.Cells[from] : CellValue.Blank;
            }).ToList();
            rows.Add(new RowDocument { Level = row.Level, Cells = cells });
        }

        return RowIdentity.Apply(blank with { Rows = rows });

        static bool Same(string a, string b) => string.Concat(a.Where(c => !char.IsWhiteSpace(c))) == string.Concat(b.Where(c => !char.IsWhiteSpace(c)));
    }
}
