namespace BudgetPortal.Web.Data.Entities;

/// <summary>A numbered table of one disclosure version: its header tree, rows and cells.</summary>
public sealed class DisclosureTable
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public int Ordinal { get; set; }
    public required string Number { get; set; }
    public string? Code { get; set; }
    public required string Title { get; set; }
    public string? Unit { get; set; }
    public int Decimals { get; set; }
    public bool Missing { get; set; }
    public string? EmptyNote { get; set; }
    public List<string> Footnotes { get; set; } = [];
    public List<TableField> Fields { get; set; } = [];
    public List<TableColumn> Columns { get; set; } = [];
    public List<TableRow> Rows { get; set; } = [];
}

/// <summary>A label/value line of a form-like table (performance forms), above or below the grid.</summary>
public sealed class TableField
{
    public required string Label { get; set; }
    public string? Value { get; set; }
    public bool After { get; set; }
}

/// <summary>A node of a table's header tree, stored flat in pre-order with its parent's ordinal, with its table (<c>disclosure_tables.columns</c>, see <see cref="StoredJson"/>).</summary>
public sealed class TableColumn
{
    public int Ordinal { get; set; }
    public int? ParentOrdinal { get; set; }
    public required string Title { get; set; }

    /// <summary>Set on leaves only: the data column's key, type (code, text, amount, …), role and position.</summary>
    public string? Key { get; set; }
    public string? Type { get; set; }
    public string? Role { get; set; }
    public int? LeafIndex { get; set; }

    /// <summary>On a leaf of last year's figures: the key of the column it repeats (<c>ColumnNode.PriorYearOf</c>).</summary>
    public string? PriorYearOf { get; set; }
}

public sealed class TableRow
{
    public int Id { get; set; }
    public int TableId { get; set; }
    public int Ordinal { get; set; }
    public int Level { get; set; }
    public string? Role { get; set; }

    /// <summary>Classification code (功能/经济分类), unit code, name and project: derived from the role columns.</summary>
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? UnitCode { get; set; }
    public string? Project { get; set; }
    public List<TableCell> Cells { get; set; } = [];
}

/// <summary>A non-blank cell, stored with its row (<c>table_rows.cells</c>, see <see cref="StoredJson"/>): blank stays distinct from 0.00.</summary>
public sealed class TableCell
{
    public int ColumnIndex { get; set; }
    public decimal? Amount { get; set; }
    public string? Text { get; set; }
}
