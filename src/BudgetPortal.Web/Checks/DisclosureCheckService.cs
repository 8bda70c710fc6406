using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;

namespace BudgetPortal.Web.Checks;

/// <summary>Runs the rules of a disclosure's table set over it (the same report for the page, the API and staff).</summary>
public sealed class DisclosureCheckService(TableSetStore tableSets, CodeBook codes)
{
    public async Task<CheckReport> RunAsync(DisclosureDocument document, CancellationToken ct)
    {
        var set = document.TableSet is null ? null : await tableSets.LoadAsync(document.TableSet, ct);
        return CheckEngine.Run(document, set?.Requirements() ?? [], set?.Rules ?? [], codes);
    }

    public static string SeverityCode(Severity severity) => severity switch
    {
        Severity.Pass => "pass",
        Severity.Rounding => "rounding",
        Severity.Warning => "warning",
        _ => "error",
    };

    public static string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Pass => "通过",
        Severity.Rounding => "尾差",
        Severity.Warning => "提示",
        _ => "不一致",
    };
}

public sealed record CheckReportDto(string Badge, int Passed, int Rounding, int Warnings, int Errors, IReadOnlyList<FindingDto> Findings)
{
    public static CheckReportDto From(CheckReport report) => new(
        report.Badge, report.Passed, report.Rounding, report.Warnings, report.Errors,
        report.Findings.Select(f => new FindingDto(
            f.Rule, f.Description, DisclosureCheckService.SeverityCode(f.Severity), DisclosureCheckService.SeverityLabel(f.Severity),
            f.Table, f.Row, f.Column, f.Expected, f.Actual, f.Difference, f.Tolerance, f.Message)).ToList());
}

public sealed record FindingDto(
    string Rule, string Description, string Severity, string SeverityLabel, string? Table, string? Row, string? Column,
    decimal? Expected, decimal? Actual, decimal? Difference, decimal? Tolerance, string? Message);
