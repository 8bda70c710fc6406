using BudgetPortal.Web.Api;
using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages;

public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Department { get; set; }

    public IReadOnlyList<DisclosureListItem> Items { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<string> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Kind is not ("budget" or "final"))
        {
            Kind = null;
        }

        Items = await DisclosureSearch.FindPublishedAsync(db, new DisclosureFilter(Year, Kind, Region, Department), ct);
        Years = await db.Published().Select(d => d.Year).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        Regions = await db.Regions.OrderBy(r => r.Level).ThenBy(r => r.Name).Select(r => r.Name).ToListAsync(ct);
    }
}
