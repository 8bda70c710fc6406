namespace BudgetPortal.Web.Data.Entities;

/// <summary>A template: the ordered numbered tables that a disclosure of a region and year must hold.</summary>
public sealed class TableSet
{
    public int Id { get; set; }
    public required string Code { get; set; }

    /// <summary>
    /// 1, 2, …: a set used by a disclosure is never changed in place; saving a changed set with the same code adds the
    /// next version, new drafts use the highest, and each disclosure keeps the version it was made from.
    /// </summary>
    public int Version { get; set; } = 1;

    public required string Name { get; set; }
    public DisclosureKind Kind { get; set; }
    public string? Region { get; set; }
    public string? Description { get; set; }

    /// <summary>The label of the department line above every table ("编制部门"); null: 部门名称.</summary>
    public string? DepartmentLabel { get; set; }

    /// <summary>The consistency rules declared with the set, in the table-set file format (jsonb).</summary>
    public string RulesJson { get; set; } = "[]";

    /// <summary>Where the set came from: a file name, or "上传".</summary>
    public string? Source { get; set; }

    public DateTimeOffset LoadedAt { get; set; }
    public List<TableTemplate> Tables { get; set; } = [];
}

public sealed class TableTemplate
{
    public int Id { get; set; }
    public int TableSetId { get; set; }
    public int Ordinal { get; set; }
    public required string Number { get; set; }
    public string? Code { get; set; }
    public required string Title { get; set; }
    public string? Unit { get; set; }
    public int Decimals { get; set; }

    /// <summary>The column header tree with leaf types and roles, in the exchange format (jsonb).</summary>
    public required string ColumnsJson { get; set; }

    /// <summary>fixed (收支总表 items), functional, economic, units, projects, indicators, form.</summary>
    public required string RowKind { get; set; }

    public string? EmptyNote { get; set; }
    public List<string> Footnotes { get; set; } = [];
    public bool Required { get; set; } = true;
}
