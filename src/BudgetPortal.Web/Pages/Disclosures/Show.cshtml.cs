using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Layout;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Exports;
using BudgetPortal.Web.Hosting;
using BudgetPortal.Web.Rendering;
using Markdig;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

/// <summary>
/// A disclosure as the public sees it, or — at <c>/staff/versions/{draftId}/draft</c> — a version not yet published,
/// rendered the same way and marked 草稿, for whoever may read it (its department's staff, its reviewers, auditors and
/// administrators; everyone else gets 404, as if it did not exist). Drafts are never cached (<c>no-store</c>).
/// </summary>
public sealed class ShowModel(
    PortalDbContext db, DocumentLoader documents, DisclosureCheckService checks, VersionSummaryStore summaries, PdfFontStatus pdf,
    BudgetPortal.Web.Staff.AccessControl access, RenderedVersionCache rendered, PublishedPageContextCache contexts)
    : PageModel
{
    /// <summary>The line every page of a draft's PDF carries.</summary>
    public const string DraftMark = "草稿 · 尚未公开 · 仅供审核";

    /// <summary>The version id of a draft shown at its workspace address; null for a published disclosure.</summary>
    public int? DraftId { get; private set; }

    /// <summary>Where this rendering lives: <c>/disclosures/{slug}</c> or <c>/staff/versions/{id}/draft</c>.</summary>
    public string Base => DraftId is { } id ? $"/staff/versions/{id}/draft" : $"/disclosures/{Document.Slug}";

    /// <summary>The workflow state of a draft shown (草稿, 已提交待审核, 已批复待公开).</summary>
    public string? DraftStatus { get; private set; }

    /// <summary>
    /// The document at this address: a published one by slug (and version), or the draft by its version id when the
    /// user may read it. Null means 404 — also for a draft the user may not see, so that its existence is not told.
    /// </summary>
    private async Task<DisclosureDocument?> LoadAsync(string? slug, int? version, int? draftId, CancellationToken ct)
    {
        if (draftId is not { } id)
        {
            var published = slug is null ? null : await documents.LoadPublishedVersionAsync(slug, version, ct);
            _publishedVersionId = published?.VersionId;
            _regionTrail = published?.RegionTrail;
            return published?.Document;
        }

        // Never kept by a browser or a proxy: what a draft says changes, and who may see it is decided per request.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null || draft.Status == Data.Entities.VersionStatus.Published || !await access.CanReadAsync(draft.DepartmentId, ct))
        {
            return null;
        }

        DraftId = id;
        _regionTrail = draft.RegionTrail;
        DraftStatus = BudgetPortal.Web.Staff.VersionWorkflow.StatusLabel(draft.Status);
        return draft.Document;
    }

    /// <summary>The id of the published version loaded (the key of its kept rendering); null for a draft.</summary>
    private int? _publishedVersionId;

    /// <summary>The region trail read with the version's header.</summary>
    private IReadOnlyList<RegionTree.Node>? _regionTrail;

    public DisclosureDocument Document { get; private set; } = null!;
    public int DepartmentId { get; private set; }
    public IReadOnlyList<RegionTree.Node> RegionTrail { get; private set; } = [];
    public IReadOnlyList<SectionView> Sections { get; private set; } = [];
    public IReadOnlyList<TableView> Tables { get; private set; } = [];
    public CheckReport Checks { get; private set; } = new([]);
    public DisclosureSummary? Summary { get; private set; }

    /// <summary>Which comparisons have something to compare with (no link is offered to an empty one).</summary>
    public (bool OtherYear, bool SameYearBudget) Comparisons { get; private set; }

    /// <summary>The version the public sees now, when the one shown was corrected by it (null when this one is current).</summary>
    public (int Number, string? CorrectionNote)? SupersededBy { get; private set; }

    /// <summary>The whole disclosure, or one table (1-based position), as PDF.</summary>
    public async Task<IActionResult> OnGetPdfAsync(string? slug, int? version, int? table, int? draftId, CancellationToken ct)
    {
        var document = await LoadAsync(slug, version, draftId, ct);
        if (document is null || table is < 1 || table > document.Tables.Count)
        {
            return NotFound();
        }

        if (pdf.Exporter is null)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable, pdf.Message);
        }

        var stream = new MemoryStream();
        using var timing = PortalTelemetry.Render("pdf");
        if (table is { } n)
        {
            pdf.Exporter.WriteTable(document, n - 1, stream, DraftId is null ? null : DraftMark);
        }
        else
        {
            pdf.Exporter.WriteDisclosure(document, stream, DraftId is null ? null : DraftMark);
        }

        stream.Position = 0;
        return File(stream, "application/pdf", DownloadName(document, table, "pdf"));
    }

    /// <summary>The whole disclosure (contents sheet + one sheet per table), or one table, as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string? slug, int? version, int? table, int? draftId, CancellationToken ct)
    {
        var document = await LoadAsync(slug, version, draftId, ct);
        if (document is null || table is < 1 || table > document.Tables.Count)
        {
            return NotFound();
        }

        var stream = new MemoryStream();
        using var timing = PortalTelemetry.Render("xlsx");
        if (table is { } n)
        {
            ExcelExporter.WriteTable(document, n - 1, stream);
        }
        else
        {
            ExcelExporter.WriteDisclosure(document, stream);
        }

        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DownloadName(document, table, "xlsx"));
    }

    /// <summary>One table as CSV (UTF-8 with BOM).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? slug, int? version, int table, int? draftId, CancellationToken ct)
    {
        var document = await LoadAsync(slug, version, draftId, ct);
        if (document is null || table < 1 || table > document.Tables.Count)
        {
            return NotFound();
        }

        var stream = new MemoryStream();
        using (PortalTelemetry.Render("csv"))
        {
            CsvExporter.WriteTable(document.Tables[table - 1], stream);
        }

        stream.Position = 0;
        // The department, year, kind, version and unit of the file are in its Fiscal Data Package.
        if (DraftId is null)
        {
            Response.Headers.Link = $"</disclosures/{Uri.EscapeDataString(slug!)}/datapackage?version={document.Version}>; rel=\"describedby\"; type=\"application/json\"";
        }

        return File(stream, "text/csv; charset=utf-8", DownloadName(document, table, "csv"));
    }

    /// <summary>The disclosure as a Fiscal Data Package: datapackage.json describing each table's CSV (see FiscalDataPackage).</summary>
    public async Task<IActionResult> OnGetDatapackageAsync(string slug, int? version, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
        if (document is null)
        {
            return NotFound();
        }

        var site = $"{Request.Scheme}://{Request.Host}";
        var files = document.Tables.Select((t, i) =>
        {
            using var csv = new MemoryStream();
            CsvExporter.WriteTable(t, csv);
            return new PackageFile($"{site}/disclosures/{Uri.EscapeDataString(slug)}/csv?table={i + 1}&version={document.Version}", true, csv.ToArray());
        }).ToList();
        var json = FiscalDataPackage.Write(document, files, $"{site}/disclosures/{Uri.EscapeDataString(slug)}?version={document.Version}");
        return File(System.Text.Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8", $"{document.Slug}-datapackage.json");
    }

    public static string DownloadName(DisclosureDocument document, int? table, string extension) =>
        table is { } n
            ? $"{document.Title}-{document.Tables[n - 1].Number}{document.Tables[n - 1].Title}.{extension}"
            : $"{document.Title}.{extension}";

    /// <summary>The one table shown alone (<c>?table=N</c>, 1-based), a stable address to cite; null for the whole disclosure.</summary>
    public int? Only { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? slug, int? version, int? table, int? draftId, CancellationToken ct)
    {
        var document = await LoadAsync(slug, version, draftId, ct);
        if (document is null || table is < 1 || table > document.Tables.Count)
        {
            return NotFound();
        }

        Only = table;
        Document = document;
        // What depends only on the version is rendered once per published version and kept (decision 0430); a draft
        // is rendered afresh (Base is its workspace address).
        var key = _publishedVersionId is { } versionId ? RenderedVersion.KeyOf(versionId, document) : null;
        var view = key is not null
            ? await rendered.GetOrAddAsync(key, () => Task.FromResult(RenderedVersion.Of(document, Base)))
            : RenderedVersion.Of(document, Base);

        // What depends on the other published disclosures is kept until the next publication (the stamp changes) or
        // the next code-list edition (the checks read them), like the check reports themselves.
        // Both stamps come from the one round trip the ETag middleware made for this request.
        var stamps = key is not null ? await PublishedCaching.StampsAsync(HttpContext, db, ct) : default;
        var context = key is not null
            ? await contexts.GetOrAddAsync($"{key}|{stamps.Publication}|{stamps.CodeLists}", () => ContextAsync(document, view, ct))
            : await ContextAsync(document, view, ct);
        DepartmentId = context.DepartmentId;
        SupersededBy = context.SupersededBy;
        Checks = context.Checks;
        Summary = table is null ? context.Summary : null;
        Comparisons = context.Comparisons;
        RegionTrail = _regionTrail ?? (await documents.RegionsAsync(ct)).Trail(context.RegionId);
        Sections = view.Sections;
        Tables = view.Tables;
        return Page();
    }

    /// <summary>The checks, summary, comparisons and correction banner of the document shown (see <see cref="PublishedPageContext"/>).</summary>
    private async Task<PublishedPageContext> ContextAsync(DisclosureDocument document, RenderedVersion view, CancellationToken ct)
    {
        var owner = await db.Disclosures.Where(d => d.Slug == document.Slug).Select(d => new { d.DepartmentId, d.Department.RegionId }).SingleAsync(ct);
        var current = await db.Disclosures.Where(d => DraftId == null && d.Slug == document.Slug && d.CurrentVersion!.Number != document.Version)
            .Select(d => new { d.CurrentVersion!.Number, d.CurrentVersion.CorrectionNote })
            .SingleOrDefaultAsync(ct);
        var report = await checks.RunAsync(document, ct);
        var summary = await DisclosureSummary.BuildAsync(db, summaries, document, owner.DepartmentId, ct, view.Figures, view.Glossary);
        var kind = DisclosureMapper.ParseKind(document.Kind);
        var others = await db.Published().Where(d => d.DepartmentId == owner.DepartmentId && d.Slug != document.Slug)
            .Select(d => new { d.Year, d.Kind }).ToListAsync(ct);
        return new PublishedPageContext(owner.DepartmentId, owner.RegionId, current is null ? null : (current.Number, current.CorrectionNote), report, summary,
            (others.Any(o => o.Kind == kind),
             kind == Data.Entities.DisclosureKind.Final && others.Any(o => o.Year == document.Year && o.Kind == Data.Entities.DisclosureKind.Budget)));
    }
}
