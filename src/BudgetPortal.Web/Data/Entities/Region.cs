namespace BudgetPortal.Web.Data.Entities;

public enum RegionLevel
{
    Province,
    City,
    County,
}

/// <summary>省/市/县, nested: a city's parent is its province, a county's its city.</summary>
public sealed class Region
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public RegionLevel Level { get; set; }
    public int? ParentId { get; set; }
    public Region? Parent { get; set; }
    public List<Region> Children { get; set; } = [];
    public List<Department> Departments { get; set; } = [];
}
