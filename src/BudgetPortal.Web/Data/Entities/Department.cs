namespace BudgetPortal.Web.Data.Entities;

public sealed class Department
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public Region Region { get; set; } = null!;
    public required string Name { get; set; }
    public string? Code { get; set; }

    /// <summary>
    /// ASCII short name chosen by the administrator (e.g. <c>putuo-jiaoyu</c>), the first part of the slugs of the
    /// department's disclosures; null: the slug uses the department's id (see docs/decisions/0121).
    /// </summary>
    public string? Slug { get; set; }

    public List<BudgetUnit> Units { get; set; } = [];
    public List<Disclosure> Disclosures { get; set; } = [];
}

/// <summary>A budget unit of a department: 本级 (its own office) or a subordinate unit.</summary>
public sealed class BudgetUnit
{
    public int Id { get; set; }
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public string? Code { get; set; }
    public required string Name { get; set; }

    /// <summary>本级 for the department's own office, 所属单位 otherwise (the exchange format's unit kind).</summary>
    public string? Kind { get; set; }

    /// <summary>行政单位 / 参公事业单位 / 事业单位: whether 机关运行经费 covers the unit (rule J25). Null: not recorded.</summary>
    public UnitCategory? Category { get; set; }

    public const string OwnOffice = "本级";
    public const string Subordinate = "所属单位";
}

public enum UnitCategory
{
    /// <summary>行政单位</summary>
    Administrative,

    /// <summary>参照公务员法管理事业单位</summary>
    CivilServiceManaged,

    /// <summary>事业单位</summary>
    Institution,
}

public static class UnitCategories
{
    public static string ToChinese(UnitCategory category) => category switch
    {
        UnitCategory.Administrative => "行政单位",
        UnitCategory.CivilServiceManaged => "参照公务员法管理事业单位",
        _ => "事业单位",
    };

    /// <summary>The printed names and their usual short forms (参公单位, 参公事业单位).</summary>
    public static UnitCategory? Parse(string? text) => text?.Trim() switch
    {
        "行政单位" or "行政" => UnitCategory.Administrative,
        "参照公务员法管理事业单位" or "参公事业单位" or "参公单位" or "参公" => UnitCategory.CivilServiceManaged,
        "事业单位" or "事业" => UnitCategory.Institution,
        _ => null,
    };
}
