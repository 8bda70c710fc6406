namespace BudgetPortal.Core.Documents;

/// <summary>
/// A row's identity: its code, name, unit code and project, derived from the columns that carry those roles, and the
/// key that matches a row across versions, years and workbooks (diffs, comparisons, the importer).
/// </summary>
public static class RowIdentity
{
    /// <summary>A row's identity: its codes, unit and project; a row without a code by its printed labels.</summary>
    public static string KeyOf(RowDocument row) =>
        string.Join("|", row.Role == RowRoles.Total ? "total" : "", row.Code, row.UnitCode, row.Project,
            row.Code is null ? string.Join("/", row.Cells.Where(c => c.Text is not null).Select(c => c.Text)) : null);

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
