using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using Markdig;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

public sealed class ShowModel(PortalDbContext db, DisclosureCheckService checks) : PageModel
{
    // Raw HTML in narrative Markdown is shown as text, never executed.
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public sealed record SectionView(string Anchor, string Title, HtmlString Html);

    public sealed record TableView(string Anchor, TableLayout Layout);

    public DisclosureDocument Document { get; private set; } = null!;
    public int DepartmentId { get; private set; }
    public IReadOnlyList<SectionView> Sections { get; private set; } = [];
    public IReadOnlyList<TableView> Tables { get; private set; } = [];
    public CheckReport Checks { get; private set; } = new([]);

    public async Task<IActionResult> OnGetAsync(string slug, int? version, CancellationToken ct)
    {
        var document = await db.LoadPublishedDocumentAsync(slug, version, ct);
        if (document is null)
        {
            return NotFound();
        }

        Document = document;
        DepartmentId = await db.Disclosures.Where(d => d.Slug == slug).Select(d => d.DepartmentId).SingleAsync(ct);
        Sections = document.Sections
            .Select((s, i) => new SectionView($"s{i + 1}", s.Title, new HtmlString(Markdig.Markdown.ToHtml(s.Body, Markdown))))
            .ToList();
        Tables = document.Tables
            .Select((t, i) => new TableView($"t{i + 1}", TableLayout.From(t, document.Department.Name)))
            .ToList();
        Checks = await checks.RunAsync(document, ct);
        return Page();
    }
}
