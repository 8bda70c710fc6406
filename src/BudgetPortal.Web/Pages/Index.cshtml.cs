using BudgetPortal.Web.Api;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages;

public sealed class IndexModel(PortalDbContext db, PublishedCatalogCache catalogs) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Department { get; set; }

    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<DisclosureListItem> Items { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<string> Regions { get; private set; } = [];

    /// <summary>Regions with published disclosures, for the overview links (province first, then by name).</summary>
    public IReadOnlyList<(int Id, string Name, int Depth)> RegionLinks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Kind is not ("budget" or "final"))
        {
            Kind = null;
        }

        PageNumber = Math.Max(1, PageNumber);
        var catalog = await catalogs.GetAsync(HttpContext, db, ct);
        (var items, Total) = DisclosureSearch.FindPublishedPage(catalog, new DisclosureFilter(Year, Kind, Region, Department), (PageNumber - 1) * PageSize, PageSize);
        Items = items;
        Years = catalog.Years;
        Regions = catalog.RegionNames;
        RegionLinks = catalog.RegionLinks;
    }
}
