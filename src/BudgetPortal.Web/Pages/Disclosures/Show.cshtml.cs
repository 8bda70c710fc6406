using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Layout;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Exports;
using BudgetPortal.Web.Hosting;
using Markdig;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

public sealed class ShowModel(PortalDbContext db, DocumentLoader documents, DisclosureCheckService checks, VersionSummaryStore summaries, PdfFontStatus pdf) : PageModel
{
    // Raw HTML in narrative Markdown is shown as text, never executed.
    public sealed record SectionView(string Anchor, string Title, HtmlString Html);

    public sealed record TableView(string Anchor, TableLayout Layout);

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
    public async Task<IActionResult> OnGetPdfAsync(string slug, int? version, int? table, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
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
            pdf.Exporter.WriteTable(document, n - 1, stream);
        }
        else
        {
            pdf.Exporter.WriteDisclosure(document, stream);
        }

        stream.Position = 0;
        return File(stream, "application/pdf", DownloadName(document, table, "pdf"));
    }

    /// <summary>The whole disclosure (contents sheet + one sheet per table), or one table, as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string slug, int? version, int? table, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
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
    public async Task<IActionResult> OnGetCsvAsync(string slug, int? version, int table, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
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
        Response.Headers.Link = $"</disclosures/{Uri.EscapeDataString(slug)}/datapackage?version={document.Version}>; rel=\"describedby\"; type=\"application/json\"";
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

    public async Task<IActionResult> OnGetAsync(string slug, int? version, int? table, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
        if (document is null || table is < 1 || table > document.Tables.Count)
        {
            return NotFound();
        }

        Only = table;

        Document = document;
        var owner = await db.Disclosures.Where(d => d.Slug == slug).Select(d => new { d.DepartmentId, d.Department.RegionId }).SingleAsync(ct);
        DepartmentId = owner.DepartmentId;
        var current = await db.Disclosures.Where(d => d.Slug == slug && d.CurrentVersion!.Number != document.Version)
            .Select(d => new { d.CurrentVersion!.Number, d.CurrentVersion.CorrectionNote })
            .SingleOrDefaultAsync(ct);
        SupersededBy = current is null ? null : (current.Number, current.CorrectionNote);
        RegionTrail = (await RegionTree.LoadAsync(db, ct)).Trail(owner.RegionId);
        Sections = document.Sections
            .Select((s, i) => new SectionView($"s{i + 1}", s.Title, BudgetPortal.Web.Rendering.NarrativeHtml.Render(s.Body)))
            .ToList();
        Tables = document.Tables
            .Select((t, i) => new TableView($"t{i + 1}", TableLayout.For(document, t)))
            .ToList();
        Checks = await checks.RunAsync(document, ct);
        Summary = table is null ? await DisclosureSummary.BuildAsync(db, summaries, document, owner.DepartmentId, ct) : null;
        var kind = DisclosureMapper.ParseKind(document.Kind);
        var others = await db.Published().Where(d => d.DepartmentId == owner.DepartmentId && d.Slug != slug)
            .Select(d => new { d.Year, d.Kind }).ToListAsync(ct);
        Comparisons = (others.Any(o => o.Kind == kind),
            kind == Data.Entities.DisclosureKind.Final && others.Any(o => o.Year == document.Year && o.Kind == Data.Entities.DisclosureKind.Budget));
        return Page();
    }
}
