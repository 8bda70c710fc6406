using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Checks;

/// <summary>Runs the rules of a disclosure's table set over it (the same report for the page, the API and staff).</summary>
public sealed class DisclosureCheckService(PortalDbContext db, DocumentLoader documents, TableSetStore tableSets, CodeListCatalog codeLists, CheckReportCache reports)
{
    /// <summary>
    /// The report of a published version is computed once and kept (it changes only when something is published — a
    /// budget may change a final account's completion rates — or with the rules, which change only with a restart).
    /// Drafts (no version number) are always computed afresh.
    /// </summary>
    public async Task<CheckReport> RunAsync(DisclosureDocument document, CancellationToken ct)
    {
        if (document.Version is not { } version || document.Status != "published")
        {
            return await ComputeAsync(document, ct);
        }

        var latest = await db.PublicationStampAsync(ct);
        var codes = await codeLists.CurrentAsync(db, ct);
        var key = $"checks:{document.Slug}:{version}:{latest}:{codes.Stamp}";
        return await reports.GetOrAddAsync(key, () => ComputeAsync(document, ct));
    }

    private async Task<CheckReport> ComputeAsync(DisclosureDocument document, CancellationToken ct)
    {
        using var timing = BudgetPortal.Web.Hosting.PortalTelemetry.Checks();
        var set = await SetOfAsync(document, ct);
        var codes = (await codeLists.CurrentAsync(db, ct)).Book.For(document.Year, document.Region);
        var rules = set?.Rules ?? [];
        var budget = rules.Any(r => r.Kind == "completion") || document.Kind == DisclosureKinds.Final ? await SameYearBudgetAsync(document.Slug, ct) : null;
        var units = rules.Any(r => r.Kind == "units") ? await UnitDisclosuresAsync(document.Slug, ct) : null;
        var report = CheckEngine.Run(document, set?.Requirements() ?? [], rules, codes, budget, set, units);

        // Across documents (X1, X2): what the narrative says about last year and about the budget, against what the
        // portal has published for them.
        var previous = await PreviousYearAsync(document.Slug, ct);
        var across = new List<Finding>();
        if (previous is not null)
        {
            across.AddRange(CrossDocumentChecks.AgainstPreviousYear(document, previous));
        }

        if (budget is not null && document.Kind == DisclosureKinds.Final)
        {
            across.AddRange(CrossDocumentChecks.AgainstBudget(document, budget));
        }

        return across.Count == 0 ? report : new CheckReport([.. report.Findings, .. across]);
    }

    /// <summary>The rules a disclosure is checked by (those of the table-set version it was made from).</summary>
    public async Task<IReadOnlyList<CheckRule>> RulesAsync(DisclosureDocument document, CancellationToken ct) =>
        (await SetOfAsync(document, ct))?.Rules ?? [];

    /// <summary>
    /// A final account against the same year's budget: the findings of its table set's completion rules
    /// (<see cref="Completion.Execution"/>), the budget's title and slug (null when the portal holds no such budget).
    /// </summary>
    public async Task<(List<Finding> Findings, DisclosureDocument? Budget)> ExecutionAsync(DisclosureDocument document, CancellationToken ct)
    {
        var budget = await SameYearBudgetAsync(document.Slug, ct);
        if (budget is null)
        {
            return ([], null);
        }

        var set = await SetOfAsync(document, ct);
        return (Completion.Execution(document, budget, set?.Rules ?? []), budget);
    }

    /// <summary>The version of the set the disclosure was made from, not a later one of the same code.</summary>
    private async Task<TableSetDefinition?> SetOfAsync(DisclosureDocument document, CancellationToken ct)
    {
        var setId = await db.Disclosures.Where(d => d.Slug == document.Slug).Select(d => d.TableSetId).FirstOrDefaultAsync(ct);
        return setId is { } id ? await tableSets.LoadVersionAsync(id, ct)
            : document.TableSet is null ? null : await tableSets.LoadAsync(document.TableSet, ct);
    }

    /// <summary>The published disclosure of the same department and kind for the year before, if held.</summary>
    public async Task<DisclosureDocument?> PreviousYearAsync(string slug, CancellationToken ct)
    {
        var previousSlug = await db.Published()
            .Where(p => db.Disclosures.Any(d => d.Slug == slug && d.DepartmentId == p.DepartmentId && d.Kind == p.Kind && d.Year == p.Year + 1))
            .Select(p => p.Slug)
            .FirstOrDefaultAsync(ct);
        return previousSlug is null ? null : await documents.LoadPublishedAsync(previousSlug, null, ct);
    }

    /// <summary>
    /// The published disclosures of the same year and kind of the department's units, where a unit is held as a
    /// department of its own under the same name (a 单位预算 published by the unit).
    /// </summary>
    private async Task<List<DisclosureDocument>> UnitDisclosuresAsync(string slug, CancellationToken ct)
    {
        var mine = await db.Disclosures.Where(d => d.Slug == slug).Select(d => new { d.DepartmentId, d.Year, d.Kind }).FirstOrDefaultAsync(ct);
        if (mine is null)
        {
            return [];
        }

        var names = await db.Units.Where(u => u.DepartmentId == mine.DepartmentId).Select(u => u.Name).ToListAsync(ct);
        var slugs = await db.Published()
            .Where(p => p.Year == mine.Year && p.Kind == mine.Kind && p.DepartmentId != mine.DepartmentId && names.Contains(p.Department.Name))
            .Select(p => p.Slug)
            .ToListAsync(ct);
        var held = new List<DisclosureDocument>();
        foreach (var unitSlug in slugs)
        {
            if (await documents.LoadPublishedAsync(unitSlug, null, ct) is { } document)
            {
                held.Add(document);
            }
        }

        return held;
    }

    /// <summary>The published budget (部门预算) of the same department and year as the given final account, if held.</summary>
    public async Task<DisclosureDocument?> SameYearBudgetAsync(string slug, CancellationToken ct)
    {
        var budgetSlug = await db.Published()
            .Where(b => b.Kind == DisclosureKind.Budget)
            .Where(b => db.Disclosures.Any(f => f.Slug == slug && f.DepartmentId == b.DepartmentId && f.Year == b.Year))
            .Select(b => b.Slug)
            .FirstOrDefaultAsync(ct);
        return budgetSlug is null ? null : await documents.LoadPublishedAsync(budgetSlug, null, ct);
    }

    public static string SeverityCode(Severity severity) => severity switch
    {
        Severity.Pass => "pass",
        Severity.Rounding => "rounding",
        Severity.Warning => "warning",
        Severity.Hint => "hint",
        Severity.Info => "info",
        _ => "error",
    };

    public static string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Pass => "通过",
        Severity.Rounding => "尾差",
        Severity.Warning => "警告",
        Severity.Hint => "提示",
        Severity.Info => "信息",
        _ => "错误",
    };

    /// <summary>Errors first (they block publishing), then warnings, hints and 尾差.</summary>
    public static int Rank(Severity severity) => severity switch
    {
        Severity.Error => 0,
        Severity.Warning => 1,
        Severity.Hint => 2,
        Severity.Rounding => 3,
        _ => 4,
    };
}

/// <summary>Check reports of published versions, at most 2,000 kept (least recently used go first, none unused for an hour).</summary>
public sealed class CheckReportCache(TimeProvider clock) : BoundedCache<string, CheckReport>(2_000, TimeSpan.FromHours(1), clock);

public sealed record CheckReportDto(string Badge, int Passed, int Rounding, int Warnings, int Hints, int Errors, IReadOnlyList<FindingDto> Findings)
{
    /// <summary>The report as the API gives it: each finding with its plain-language title beside the rule id (titles by the set's rules).</summary>
    public static CheckReportDto From(CheckReport report, IReadOnlyList<CheckRule>? rules = null) => new(
        report.Badge, report.Passed, report.Rounding, report.Warnings, report.Hints, report.Errors,
        report.Findings.Select(f => new FindingDto(
            f.Rule, FindingTitles.For(f.Rule, rules ?? []), f.Description, DisclosureCheckService.SeverityCode(f.Severity), DisclosureCheckService.SeverityLabel(f.Severity),
            f.Table, f.Row, f.Column, f.Expected, f.Actual, f.Difference, f.Tolerance, f.Unit, f.Message)).ToList());
}

public sealed record FindingDto(
    string Rule, string Title, string Description, string Severity, string SeverityLabel, string? Table, string? Row, string? Column,
    decimal? Expected, decimal? Actual, decimal? Difference, decimal? Tolerance, string? Unit, string? Message);
