namespace BudgetPortal.Core.Documents;

/// <summary>Derives each row's code, name, unit code and project from the columns that carry those roles.</summary>
public static class RowIdentity
{
    public static DisclosureDocument Apply(DisclosureDocument document) =>
        document with { Tables = document.Tables.Select(Apply).ToList() };

    public static TableDocument Apply(TableDocument table)
    {
        var leaves = table.Leaves();
        return table with
        {
            Rows = table.Rows.Select(r => Apply(r, leaves)).ToList(),

            // Empty lists and absent ones mean the same; keep one form so that documents compare equal.
            Footnotes = table.Footnotes is { Count: > 0 } ? table.Footnotes : null,
            Fields = table.Fields is { Count: > 0 } ? table.Fields : null,
            EmptyNote = string.IsNullOrWhiteSpace(table.EmptyNote) ? null : table.EmptyNote,
        };
    }

    private static RowDocument Apply(RowDocument row, IReadOnlyList<ColumnNode> leaves)
    {
        string? Join(string role)
        {
            var parts = Enumerable.Range(0, Math.Min(leaves.Count, row.Cells.Count))
                .Where(i => leaves[i].Role == role)
                .Select(i => row.Cells[i].Text?.Trim())
                .Where(s => !string.IsNullOrEmpty(s))
                .ToList();
            return parts.Count == 0 ? null : string.Concat(parts);
        }

        return row with
        {
            Code = Join(ColumnRoles.Code),
            Name = Join(ColumnRoles.Name),
            UnitCode = Join(ColumnRoles.Unit),
            Project = Join(ColumnRoles.Project),
        };
    }
}
