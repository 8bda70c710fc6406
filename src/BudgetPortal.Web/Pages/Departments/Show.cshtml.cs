using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Departments;

public sealed class ShowModel(PortalDbContext db) : PageModel
{
    public sealed record UnitRow(string? Code, string Name, string? Kind);

    public sealed record DisclosureRow(string Slug, string Title, int Year, DisclosureKind Kind, int Version, DateTimeOffset? PublishedAt);

    public string Name { get; private set; } = "";
    public IReadOnlyList<RegionTree.Node> RegionTrail { get; private set; } = [];
    public IReadOnlyList<UnitRow> Units { get; private set; } = [];
    public IReadOnlyList<IGrouping<int, DisclosureRow>> ByYear { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var department = await db.Departments.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new { d.Name, d.RegionId })
            .SingleOrDefaultAsync(ct);
        if (department is null)
        {
            return NotFound();
        }

        Name = department.Name;
        RegionTrail = (await RegionTree.LoadAsync(db, ct)).Trail(department.RegionId);
        Units = await db.Units.AsNoTracking().Where(u => u.DepartmentId == id).OrderBy(u => u.Id)
            .Select(u => new UnitRow(u.Code, u.Name, u.Kind)).ToListAsync(ct);
        var disclosures = await db.Published().AsNoTracking().Where(d => d.DepartmentId == id)
            .OrderByDescending(d => d.Year).ThenBy(d => d.Kind)
            .Select(d => new DisclosureRow(d.Slug, d.Title, d.Year, d.Kind, d.CurrentVersion!.Number, d.CurrentVersion.PublishedAt))
            .ToListAsync(ct);
        ByYear = disclosures.GroupBy(d => d.Year).ToList();
        return Page();
    }
}
