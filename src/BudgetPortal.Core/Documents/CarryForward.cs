namespace BudgetPortal.Core.Documents;

/// <summary>
/// A new draft started from the department's previous disclosure of the same kind: each table of the new draft takes
/// the rows of the previous year's table of the same role (or number and title) — classification codes, names, units,
/// projects and fixed items — with every figure left blank (blank is not zero: nothing of last year is entered as this
/// year's figure). Where the table's columns are printed the same, its rows, unit and decimals are taken whole; where the
/// set changed the layout, the coded and named rows are carried into the new columns by their roles. See
/// docs/decisions/0180-start-from-previous-disclosure.md. The one exception, on request: a column that the set declares
/// as last year's figure of another (<see cref="ColumnNode.PriorYearOf"/>, 上年数) takes that figure from the previous
/// disclosure, converted to the new table's unit (docs/decisions/0380-prior-year-columns.md).
/// </summary>
public static class CarryForward
{
    public static TableDocument Table(TableDocument blank, DisclosureDocument previous, bool priorYearFigures = false)
    {
        var old = previous.Tables.FirstOrDefault(t => !t.Missing && blank.Code is not null && t.Code == blank.Code)
            ?? previous.Tables.FirstOrDefault(t => !t.Missing && t.Number == blank.Number && Same(t.Title, blank.Title));
        if (old is null)
        {
            return blank;
        }

        var carried = Rows(blank, old);
        return priorYearFigures ? PriorYear(carried, old) : carried;

        static bool Same(string a, string b) => string.Concat(a.Where(c => !char.IsWhiteSpace(c))) == string.Concat(b.Where(c => !char.IsWhiteSpace(c)));
    }

    /// <summary>
    /// Fills each 上年数 column of <paramref name="table"/> with the figure of the named column in the previous year's
    /// table, row by row identity (<see cref="RowIdentity.KeyOf"/>); a row last year did not have stays blank, and so does
    /// a figure that was blank. Amounts are converted from last year's unit and rounded half away from zero to the
    /// decimals this table prints.
    /// </summary>
    public static TableDocument PriorYear(TableDocument table, TableDocument old)
    {
        table = RowIdentity.Apply(table);
        old = RowIdentity.Apply(old);
        var leaves = table.Leaves();
        var oldLeaves = old.Leaves();
        var pairs = Enumerable.Range(0, leaves.Count)
            .Where(i => leaves[i].PriorYearOf is not null)
            .Select(i => (To: i, From: Enumerable.Range(0, oldLeaves.Count).FirstOrDefault(j => oldLeaves[j].Key == leaves[i].PriorYearOf && oldLeaves[j].IsNumeric, -1)))
            .Where(p => p.From >= 0)
            .ToList();
        if (pairs.Count == 0)
        {
            return table;
        }

        var oldRows = old.Rows.Where(r => r.Role != RowRoles.ColumnNumbers)
            .GroupBy(RowIdentity.KeyOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var fromUnit = AmountUnit.OfTable(old);
        var toUnit = AmountUnit.OfTable(table);
        return table with
        {
            Rows = [.. table.Rows.Select(row =>
            {
                if (row.Role == RowRoles.ColumnNumbers || !oldRows.TryGetValue(RowIdentity.KeyOf(row), out var source))
                {
                    return row;
                }

                var cells = row.Cells.ToList();
                foreach (var (to, from) in pairs)
                {
                    if (to < cells.Count && from < source.Cells.Count && source.Cells[from].Number is { } figure)
                    {
                        var value = leaves[to].Type == ColumnTypes.Amount && oldLeaves[from].Type == ColumnTypes.Amount
                            ? Math.Round(fromUnit.To(toUnit, figure), table.Decimals, MidpointRounding.AwayFromZero)
                            : figure;
                        cells[to] = CellValue.Of(value);
                    }
                }

                return row with { Cells = cells };
            })],
        };
    }

    private static TableDocument Rows(TableDocument blank, TableDocument old)
    {

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
    }
}
