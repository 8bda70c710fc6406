namespace BudgetPortal.Web.Data.Entities;

public sealed class Department
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public Region Region { get; set; } = null!;
    public required string Name { get; set; }
    public string? Code { get; set; }
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
    public string? Kind { get; set; }
}
