namespace BudgetPortal.Web.Data.Entities;

public enum RegionLevel
{
    Province,
    City,
    County,
    District,
}

public static class RegionLevels
{
    public static string ToChinese(RegionLevel level) => level switch
    {
        RegionLevel.Province => "省",
        RegionLevel.City => "市",
        RegionLevel.County => "县",
        _ => "区",
    };
}

/// <summary>省/市/县/区, nested: a city's parent is its province, a county's or a district's its city (or a municipality).</summary>
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
