using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Disclosures;

public sealed class ChecksModel(DocumentLoader documents, DisclosureCheckService checks) : PageModel
{
    public DisclosureDocument Document { get; private set; } = null!;
    public CheckReport Report { get; private set; } = new([]);

    /// <summary>错误, 警告, 提示 and 尾差, errors first, each with its title and the link to its place.</summary>
    public IReadOnlyList<FindingLine> Problems { get; private set; } = [];

    public IReadOnlyList<Finding> Completion => [.. Report.Findings.Where(f => f.Severity == Severity.Info)];

    public IEnumerable<IGrouping<string, Finding>> PassedByRule => Report.Findings
        .Where(f => f.Severity == Severity.Pass)
        .GroupBy(f => $"{f.Rule} {f.Description}");

    /// <summary><c>?version=N</c> as the page was asked for it, kept on its links.</summary>
    public string VersionQuery => Request.Query.ContainsKey("version") ? $"?version={Document.Version}" : "";

    public async Task<IActionResult> OnGetAsync(string slug, int? version, CancellationToken ct) =>
        await LoadAsync(slug, version, ct) ? Page() : NotFound();

    /// <summary>The report as CSV (UTF-8 with BOM, one line per finding).</summary>
    public Task<IActionResult> OnGetCsvAsync(string slug, int? version, CancellationToken ct) => DownloadAsync(slug, version, "csv", ct);

    /// <summary>The report as an Excel workbook.</summary>
    public Task<IActionResult> OnGetXlsxAsync(string slug, int? version, CancellationToken ct) => DownloadAsync(slug, version, "xlsx", ct);

    private async Task<IActionResult> DownloadAsync(string slug, int? version, string format, CancellationToken ct) =>
        await LoadAsync(slug, version, ct)
            ? CheckReportView.Download(format, ReportTitle(Document), Problems, $"{Request.Scheme}://{Request.Host}", $"{Document.Title}-勾稽关系检查")
            : NotFound();

    public static string ReportTitle(DisclosureDocument document) =>
        $"{document.Title}（第 {document.Version} 版）勾稽关系检查结果";

    private async Task<bool> LoadAsync(string slug, int? version, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
        if (document is null)
        {
            return false;
        }

        Document = document;
        Report = await checks.RunAsync(document, ct);
        var readBase = $"/disclosures/{Uri.EscapeDataString(slug)}{(version is null ? "" : $"?version={document.Version}")}";
        Problems = CheckReportView.Lines(document, Report, await checks.RulesAsync(document, ct), readBase, null);
        return true;
    }
}
