using BudgetPortal.Web.Data;
using BudgetPortal.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Search;

public sealed class IndexModel(PortalDbContext db, PublishedCatalogCache catalogs, SearchVocabularyCache vocabularies) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public SearchResults Results { get; private set; } = SearchResults.Empty;
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<string> Regions { get; private set; } = [];

    /// <summary>Hits per type, for the summary line above the list.</summary>
    public IReadOnlyList<(string Label, int Count)> Counts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Kind is not ("budget" or "final"))
        {
            Kind = null;
        }

        var catalog = await catalogs.GetAsync(HttpContext, db, ct);
        Results = await PortalSearch.RunAsync(db, catalog, await vocabularies.GetAsync(db, catalog), new SearchQuery(Q, Region, Year, Kind), PortalSearch.NewestWindow, ct);
        Counts = Results.Hits.GroupBy(h => h.Type).OrderBy(g => g.Key).Select(g => (g.First().TypeLabel, g.Count())).ToList();
        Years = catalog.Years;
        Regions = catalog.RegionNames;
    }
}
