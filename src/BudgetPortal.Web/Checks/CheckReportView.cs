using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using Microsoft.AspNetCore.Mvc;

namespace BudgetPortal.Web.Checks;

/// <summary>
/// One finding as the reports show it: level, plain-language title (the rule id in its own column), the place in words
/// and as links — to the rendered table row or narrative section (<see cref="ReadHref"/>) and, for a version in the
/// workspace, to the entry grid or section editor with that row, cell or sentence highlighted (<see cref="EditHref"/>).
/// </summary>
public sealed record FindingLine(Finding Finding, string Title, FindingPlace Place, string PlaceText, string? ReadHref, string? EditHref)
{
    public string Level => DisclosureCheckService.SeverityLabel(Finding.Severity);
    public string LevelCode => DisclosureCheckService.SeverityCode(Finding.Severity);

    public ReportLine ToExport(string site) => new(
        Level, Title, Finding.Rule, Finding.Description, PlaceText, Finding.Expected, Finding.Actual, Finding.Difference, Finding.Tolerance,
        Finding.Unit, Finding.Message, ReadHref is null ? null : site + ReadHref);
}

public static class CheckReportView
{
    /// <summary>The report as a download (<c>csv</c> or <c>xlsx</c>) named <paramref name="name"/> plus the extension.</summary>
    public static FileStreamResult Download(string format, string title, IEnumerable<FindingLine> lines, string site, string name)
    {
        var stream = new MemoryStream();
        List<ReportLine> rows = [.. lines.Select(l => l.ToExport(site))];
        var csv = format == "csv";
        if (csv)
        {
            CheckReportExporter.WriteCsv(title, rows, stream);
        }
        else
        {
            CheckReportExporter.WriteXlsx(title, rows, stream);
        }

        stream.Position = 0;
        return new FileStreamResult(stream, csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        {
            FileDownloadName = $"{name}.{(csv ? "csv" : "xlsx")}",
        };
    }

    /// <summary>
    /// The findings that need attention (错误, 警告, 提示, 尾差), errors first. <paramref name="readBase"/> is the address
    /// of the rendered document (<c>/disclosures/slug?version=2</c> or a draft's page); <paramref name="versionId"/>, when
    /// given, adds the links into the staff editors.
    /// </summary>
    public static IReadOnlyList<FindingLine> Lines(
        DisclosureDocument document, CheckReport report, IReadOnlyList<CheckRule> rules, string readBase, int? versionId) =>
        [.. report.Findings
            .Where(f => f.Severity is not (Severity.Pass or Severity.Info))
            .OrderBy(f => DisclosureCheckService.Rank(f.Severity))
            .Select(f => Line(document, f, rules, readBase, versionId))];

    private static FindingLine Line(DisclosureDocument document, Finding finding, IReadOnlyList<CheckRule> rules, string readBase, int? versionId)
    {
        var place = FindingPlaces.Locate(document, finding);
        var text = string.Join(" · ", new[] { finding.Table, finding.Row, finding.Column }.Where(s => !string.IsNullOrEmpty(s)));
        var separator = readBase.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? read = null;
        string? edit = null;
        if (place.Table is { } table)
        {
            var anchor = place.Row is { } row ? $"t{table}-r{row}" : $"t{table}";
            read = $"{readBase}{separator}table={table}#{anchor}";
            if (versionId is { } id)
            {
                var cell = place.Row is { } r ? $"?row={r}{(place.Column is { } c ? $"&col={c}" : "")}#r{r}" : "";
                edit = $"/staff/versions/{id}/tables/{table}{cell}";
            }
        }
        else if (place.Section is { } section)
        {
            read = $"{readBase}#s{section}";
            if (versionId is { } id)
            {
                var sentence = place.Sentence is { } s ? $"&sentence={Uri.EscapeDataString(s)}" : "";
                edit = $"/staff/versions/{id}/sections?section={section}{sentence}#section-{section}";
            }
        }

        return new FindingLine(finding, FindingTitles.For(finding.Rule, rules), place, text, read, edit);
    }
}
