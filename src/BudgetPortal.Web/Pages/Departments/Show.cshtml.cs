using BudgetPortal.Core.Charts;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Departments;

public sealed class ShowModel(PortalDbContext db, VersionSummaryStore summaries, PublishedCatalogCache catalogs) : PageModel
{
    public sealed record UnitRow(string? Code, string Name, string? Kind);

    public sealed record DisclosureRow(string Slug, string Title, int Year, DisclosureKind Kind, int Version, DateTimeOffset? PublishedAt, int VersionId);

    public string Name { get; private set; } = "";
    public IReadOnlyList<RegionTree.Node> RegionTrail { get; private set; } = [];
    public IReadOnlyList<UnitRow> Units { get; private set; } = [];
    public IReadOnlyList<IGrouping<int, DisclosureRow>> ByYear { get; private set; } = [];

    /// <summary>A chart and the figures it draws, shown again as a table after it (screen readers, print).</summary>
    public sealed record TrendChart(string Id, BarChart Chart, string? TotalLabel, IReadOnlyList<decimal?>? Totals, string? Note);

    /// <summary>Charts across the department's published disclosures, oldest first; a chart with no figure at all is left out.</summary>
    public IReadOnlyList<TrendChart> Trends { get; private set; } = [];

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
        // The region tree of the published catalog (in memory, shared with home and the overviews) rather than every
        // region read and linked again on each request (364 regions at 100,000 disclosures); a region added since the
        // catalog was built is read from the database.
        var trail = (await catalogs.GetAsync(HttpContext, db, ct)).Regions.Trail(department.RegionId);
        RegionTrail = trail.Count > 0 ? trail : (await RegionTree.LoadAsync(db, ct)).Trail(department.RegionId);
        Units = await db.Units.AsNoTracking().Where(u => u.DepartmentId == id).OrderBy(u => u.Id)
            .Select(u => new UnitRow(u.Code, u.Name, u.Kind)).ToListAsync(ct);
        var disclosures = await db.Published().AsNoTracking().Where(d => d.DepartmentId == id)
            .OrderByDescending(d => d.Year).ThenBy(d => d.Kind)
            .Select(d => new DisclosureRow(d.Slug, d.Title, d.Year, d.Kind, d.CurrentVersion!.Number, d.CurrentVersion.PublishedAt, d.CurrentVersionId!.Value))
            .ToListAsync(ct);
        ByYear = disclosures.GroupBy(d => d.Year).ToList();
        Trends = await TrendsAsync(disclosures, ct);
        return Page();
    }

    private async Task<IReadOnlyList<TrendChart>> TrendsAsync(IReadOnlyList<DisclosureRow> disclosures, CancellationToken ct)
    {
        // The figures come from the stored version summaries: one query once they are computed (see VersionSummaryStore).
        var budgets = disclosures.Where(d => d.Kind == DisclosureKind.Budget).ToDictionary(d => d.Year, d => d.VersionId);
        var stored = await summaries.GetAsync(
            disclosures.Select(d => new SummaryRequest(d.VersionId, d.Slug, d.Kind == DisclosureKind.Final ? budgets.GetValueOrDefault(d.Year) : null)).ToList(), ct);
        var points = disclosures.OrderBy(d => d.Year).ThenBy(d => d.Kind)
            .Where(d => stored.ContainsKey(d.VersionId))
            .Select(d => (Disclosure: d, stored[d.VersionId].Figures))
            .ToList();

        var categories = points.Select(p => ($"{p.Disclosure.Year}年", (string?)(p.Disclosure.Kind == DisclosureKind.Final ? "决算" : "预算"))).ToList();
        ChartSeries Series(string name, string color, Func<KeyFigures, decimal?> figure) => new(name, color, points.Select(p => figure(p.Figures)).ToList());

        var charts = new List<TrendChart>
        {
            new("chart-totals", new BarChart("收入总计和支出总计", categories,
                [Series("收入总计", "#1f5fa8", f => f.TotalIncome), Series("支出总计", "#d97706", f => f.TotalExpenditure)], Stacked: false), null, null, null),
            new("chart-basic-project", new BarChart("基本支出和项目支出", categories,
                [Series("基本支出", "#0b7a4b", f => f.Basic), Series("项目支出", "#8fbf5a", f => f.Project)], Stacked: true),
                "支出合计", points.Select(p => Add(p.Figures.Basic, p.Figures.Project)).ToList(), null),
            new("chart-three-public", new BarChart("“三公”经费", categories,
                [Series("因公出国（境）费", "#6b2fa0", f => f.Abroad), Series("公务接待费", "#c2185b", f => f.Reception), Series("公务用车购置及运行费", "#1f5fa8", f => f.Vehicles)], Stacked: true),
                "“三公”经费合计", points.Select(p => p.Figures.ThreePublic).ToList(), "预算为预算数，决算为决算数。"),
            new("chart-office-running", new BarChart("机关运行经费", categories,
                [Series("机关运行经费", "#4f5b67", f => f.OfficeRunning)], Stacked: false), null, null, "取自各文件情况说明中的金额。"),
        };
        return charts.Where(c => !c.Chart.IsEmpty).ToList();
    }

    private static decimal? Add(decimal? a, decimal? b) => a is null && b is null ? null : (a ?? 0m) + (b ?? 0m);
}
