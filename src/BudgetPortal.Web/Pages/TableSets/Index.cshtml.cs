using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.TableSets;

public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public sealed record SetRow(string Code, string Name, DisclosureKind Kind, string? Region, int Tables, int Disclosures, string? Source);

    public IReadOnlyList<SetRow> Sets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Sets = await db.TableSets.AsNoTracking().Where(s => !db.TableSets.Any(n => n.Code == s.Code && n.Version > s.Version)).OrderBy(s => s.Kind).ThenBy(s => s.Code)
            .Select(s => new SetRow(s.Code, s.Name, s.Kind, s.Region, s.Tables.Count, db.Disclosures.Count(d => d.TableSetId == s.Id), s.Source))
            .ToListAsync(ct);
}
