using System.Globalization;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Search;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>One published disclosure as lists show it.</summary>
public sealed record CatalogEntry(
    int Id, string Slug, string Title, int DepartmentId, string Department, int RegionId, int Year, DisclosureKind Kind,
    int VersionId, int Version, DateTimeOffset? PublishedAt, DateOnly? ApprovedOn = null);

/// <summary>A department or unit with published disclosures, for the search by name.</summary>
public sealed record CatalogName(string Name, string? Code, int DepartmentId, string Department, int RegionId);

/// <summary>
/// A department of the portal, published or not (the region overview lists those without a disclosure too).
/// <see cref="NameRank"/> is its name's place among all department names by the culture's comparison (equal names
/// share it): the overview sorts by department with it instead of comparing names on every request.
/// </summary>
public sealed record CatalogDepartment(int Id, string Name, int RegionId, int NameRank);

/// <summary>
/// What the public lists are made of, in memory: every published disclosure (light: no tables) in the home page's
/// order, the regions, the years, and the names of departments and units that have published something. Built once per
/// publication stamp (the highest published version id, one index probe per request), so that home, the list API, the
/// bulk download and the name part of the search cost the same with twenty thousand disclosures as with five, and a
/// publication on any instance is seen by the next request on every instance. 20,000 disclosures take about 4 MB.
/// Indexed once per build by region and year (<see cref="InRegion"/>, <see cref="YearsIn"/>, <see cref="DepartmentsIn"/>)
/// so that a region's overview reads only the disclosures of the year it shows (decision 0470).
/// Kept by <see cref="PublishedCatalogCache"/>.
/// </summary>
public sealed class PublishedCatalog
{
    private static readonly IReadOnlyList<CatalogEntry> NoEntries = [];
    private static readonly IReadOnlyList<int> NoYears = [];
    private static readonly IReadOnlyList<CatalogDepartment> NoDepartments = [];

    private readonly Dictionary<(int RegionId, int Year), List<CatalogEntry>> _byRegionYear;
    private readonly Dictionary<int, IReadOnlyList<int>> _yearsByRegion;
    private readonly Dictionary<int, IReadOnlyList<CatalogDepartment>> _departmentsByRegion;

    private PublishedCatalog(
        int stamp, DateTimeOffset builtAt, RegionTree regions, List<CatalogEntry> disclosures, List<CatalogName> departments, List<CatalogName> units,
        List<CatalogDepartment> allDepartments)
    {
        Stamp = stamp;
        BuiltAt = builtAt;
        Regions = regions;
        Disclosures = disclosures;
        Departments = departments;
        Units = units;
        Names = new CatalogNames(departments, units, disclosures);
        ByVersion = disclosures.ToDictionary(d => d.VersionId);
        _byRegionYear = [];
        foreach (var d in disclosures)
        {
            if (!_byRegionYear.TryGetValue((d.RegionId, d.Year), out var list))
            {
                _byRegionYear[(d.RegionId, d.Year)] = list = [];
            }

            list.Add(d);
        }

        _yearsByRegion = _byRegionYear.Keys.GroupBy(k => k.RegionId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(k => k.Year).OrderDescending()]);
        _departmentsByRegion = allDepartments.GroupBy(d => d.RegionId).ToDictionary(g => g.Key, g => (IReadOnlyList<CatalogDepartment>)[.. g]);
        Years = disclosures.Select(d => d.Year).Distinct().OrderDescending().ToList();
        // Only the top-level regions (provinces, municipalities) holding published disclosures: their number does not grow
        // with the disclosures, so home and search pages stay the same size; each overview links its sub-regions, and the
        // region filter takes any region's name (decision 0420).
        RegionLinks = disclosures.Select(d => d.RegionId).Distinct().Select(regions.Trail).Where(t => t.Count > 0).Select(t => t[0]).DistinctBy(n => n.Id)
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => (n.Id, n.Name, Depth: 0))
            .ToList();
        RegionNames = RegionLinks.Select(r => r.Name).Distinct().ToList();
    }

    /// <summary>The highest published version id when this was built.</summary>
    public int Stamp { get; }

    public DateTimeOffset BuiltAt { get; }

    public RegionTree Regions { get; }

    /// <summary>Newest year first, then region, department name and kind (budget before final).</summary>
    public IReadOnlyList<CatalogEntry> Disclosures { get; }

    /// <summary>The character indexes of the names and titles, for the search (decision 0450).</summary>
    public CatalogNames Names { get; }

    /// <summary>Published disclosures by their current version id.</summary>
    public IReadOnlyDictionary<int, CatalogEntry> ByVersion { get; }

    /// <summary>Published disclosures of one year whose department is in that region (not in the regions under it), in list order.</summary>
    public IReadOnlyList<CatalogEntry> InRegion(int regionId, int year) =>
        _byRegionYear.TryGetValue((regionId, year), out var list) ? list : NoEntries;

    /// <summary>The years with published disclosures of departments in that region (not the regions under it), newest first.</summary>
    public IReadOnlyList<int> YearsIn(int regionId) => _yearsByRegion.GetValueOrDefault(regionId) ?? NoYears;

    /// <summary>Every department in that region (not the regions under it), published or not, as of this build.</summary>
    public IReadOnlyList<CatalogDepartment> DepartmentsIn(int regionId) => _departmentsByRegion.GetValueOrDefault(regionId) ?? NoDepartments;

    /// <summary>Departments with at least one published disclosure, by name.</summary>
    public IReadOnlyList<CatalogName> Departments { get; }

    /// <summary>Units of those departments, by name.</summary>
    public IReadOnlyList<CatalogName> Units { get; }

    public IReadOnlyList<int> Years { get; }

    /// <summary>The names of the top-level regions with published disclosures, suggested by the region filters (which take any region's name).</summary>
    public IReadOnlyList<string> RegionNames { get; }

    /// <summary>The top-level regions holding published disclosures, by name, for the overview links (each overview links its sub-regions).</summary>
    public IReadOnlyList<(int Id, string Name, int Depth)> RegionLinks { get; }

    internal static async Task<PublishedCatalog> BuildAsync(PortalDbContext db, int stamp, DateTimeOffset builtAt)
    {
        // Not the request's token: other requests may be waiting for this build.
        var ct = CancellationToken.None;
        var regions = await RegionTree.LoadAsync(db, ct);
        var rows = await db.Published().AsNoTracking()
            .Select(d => new CatalogEntry(d.Id, d.Slug, d.Title, d.DepartmentId, d.Department.Name, d.Department.RegionId, d.Year, d.Kind,
                d.CurrentVersionId!.Value, d.CurrentVersion!.Number, d.CurrentVersion.PublishedAt, d.CurrentVersion.ApprovedOn))
            .ToListAsync(ct);
        var disclosures = rows
            .OrderByDescending(d => d.Year)
            .ThenBy(d => d.RegionId)
            .ThenBy(d => d.Department, StringComparer.Ordinal)
            .ThenBy(d => d.Kind)
            .ToList();
        var departmentIds = disclosures.Select(d => d.DepartmentId).ToHashSet();
        var departments = disclosures.DistinctBy(d => d.DepartmentId)
            .Select(d => new CatalogName(d.Department, null, d.DepartmentId, d.Department, d.RegionId))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        var units = (await db.Units.AsNoTracking()
                .Select(u => new { u.Name, u.Code, u.DepartmentId, Department = u.Department.Name, u.Department.RegionId })
                .ToListAsync(ct))
            .Where(u => departmentIds.Contains(u.DepartmentId))
            .Select(u => new CatalogName(u.Name, u.Code, u.DepartmentId, u.Department, u.RegionId))
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        return new PublishedCatalog(stamp, builtAt, regions, disclosures, departments, units, await AllDepartmentsAsync(db, ct));
    }

    /// <summary>
    /// Every department with its name's rank by the current culture's comparison (what sorting names as
    /// <see cref="IComparable"/> gives), computed once here from sort keys rather than on every overview request.
    /// </summary>
    private static async Task<List<CatalogDepartment>> AllDepartmentsAsync(PortalDbContext db, CancellationToken ct)
    {
        var rows = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name, d.RegionId }).ToListAsync(ct);
        var compare = CultureInfo.CurrentCulture.CompareInfo;
        var keys = rows.Select(r => r.Name).Distinct(StringComparer.Ordinal).Select(n => (Name: n, Key: compare.GetSortKey(n))).ToList();
        keys.Sort((a, b) => SortKey.Compare(a.Key, b.Key));
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            rank[keys[i].Name] = i > 0 && SortKey.Compare(keys[i - 1].Key, keys[i].Key) == 0 ? rank[keys[i - 1].Name] : i;
        }

        return [.. rows.Select(r => new CatalogDepartment(r.Id, r.Name, r.RegionId, rank[r.Name]))];
    }
}
