using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

/// <summary>The published versions of a disclosure with their 更正说明, and a table-by-table diff between two of them.</summary>
public sealed class HistoryModel(PortalDbContext db, DocumentLoader documents) : PageModel
{
    public sealed record VersionLine(int Number, DateTimeOffset? PublishedAt, string? CorrectionNote, bool Current);

    public sealed record TableChanges(string Table, IReadOnlyList<CellChange> Changes);

    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public List<VersionLine> Versions { get; private set; } = [];
    public int? From { get; private set; }
    public int? To { get; private set; }
    public List<TableChanges> Diffs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, int? from, int? to, CancellationToken ct)
    {
        var disclosure = await db.Published().AsNoTracking().Where(d => d.Slug == slug)
            .Select(d => new { d.Title, d.CurrentVersionId, Versions = d.Versions.Where(v => v.Status == VersionStatus.Published).OrderByDescending(v => v.Number)
                .Select(v => new { v.Id, v.Number, v.PublishedAt, v.CorrectionNote }).ToList() })
            .SingleOrDefaultAsync(ct);
        if (disclosure is null)
        {
            return NotFound();
        }

        Slug = slug;
        Title = disclosure.Title;
        Versions = [.. disclosure.Versions.Select(v => new VersionLine(v.Number, v.PublishedAt, v.CorrectionNote, v.Id == disclosure.CurrentVersionId))];
        if (from is not null && to is not null)
        {
            var before = await documents.LoadPublishedAsync(slug, from, ct);
            var after = await documents.LoadPublishedAsync(slug, to, ct);
            if (before is null || after is null)
            {
                return NotFound();
            }

            From = from;
            To = to;
            Diffs = [.. after.Tables.Select((t, i) => new TableChanges($"{t.Number} {t.Title}",
                    i < before.Tables.Count ? TableDiff.Compare(before.Tables[i], t) : TableDiff.Compare(t with { Rows = [] }, t)))
                .Where(d => d.Changes.Count > 0)];
        }

        return Page();
    }
}
