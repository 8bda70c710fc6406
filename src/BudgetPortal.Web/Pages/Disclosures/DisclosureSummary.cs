using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

/// <summary>One headline figure: in 万元, with its change from last year's disclosure of the same kind, and its meaning.</summary>
public sealed record SummaryFigure(string Label, decimal? Amount, decimal? LastYear, string? Definition)
{
    public decimal? Change => Amount is { } now && LastYear is { } before ? now - before : null;

    public decimal? ChangePercent => Change is { } change && LastYear is { } before && before != 0 ? Math.Round(change / before * 100m, 2) : null;
}

/// <summary>
/// The summary at the top of a disclosure: 收入/支出总计, 基本/项目支出, "三公"经费 and 机关运行经费 in 万元 (converted from
/// each table's own unit), the change from the department's previous-year disclosure of the same kind, and for a final
/// account the share of the same year's budget that was spent — each term explained by the document's own 名词解释.
/// </summary>
public sealed record DisclosureSummary(IReadOnlyList<SummaryFigure> Figures, int? LastYear, string? LastYearSlug, decimal? CompletionPercent, string? BudgetSlug)
{
    public static async Task<DisclosureSummary> BuildAsync(
        PortalDbContext db, VersionSummaryStore summaries, DisclosureDocument document, int departmentId, CancellationToken ct,
        KeyFigures? keyFigures = null, IReadOnlyDictionary<string, string>? glossaryOfDocument = null)
    {
        // The document's own figures and glossary (kept with a published version's rendering, else read here).
        var now = keyFigures ?? KeyFigures.From(document);
        var kind = DisclosureMapper.ParseKind(document.Kind);
        var related = await db.Published().AsNoTracking()
            .Where(d => d.DepartmentId == departmentId && (d.Year == document.Year - 1 && d.Kind == kind || d.Year == document.Year && d.Kind == DisclosureKind.Budget && kind == DisclosureKind.Final))
            .Select(d => new { d.Slug, d.Year, d.Kind, VersionId = d.CurrentVersionId!.Value })
            .ToListAsync(ct);
        var previous = related.FirstOrDefault(d => d.Year == document.Year - 1 && d.Kind == kind);
        var budget = related.FirstOrDefault(d => d.Year == document.Year && d.Kind == DisclosureKind.Budget);
        var stored = await summaries.GetAsync(
            related.Select(d => new SummaryRequest(d.VersionId, d.Slug, null)).ToList(), ct);
        var before = previous is not null && stored.TryGetValue(previous.VersionId, out var p) ? p.Figures : null;
        var budgetFigures = budget is not null && stored.TryGetValue(budget.VersionId, out var b) ? b.Figures : null;

        var glossary = glossaryOfDocument ?? Glossary.From(document);
        var figures = new List<SummaryFigure>
        {
            new("收入总计", now.TotalIncome, before?.TotalIncome, Glossary.Define(glossary, "收入总计")),
            new("支出总计", now.TotalExpenditure, before?.TotalExpenditure, Glossary.Define(glossary, "支出总计")),
            new("基本支出", now.Basic, before?.Basic, Glossary.Define(glossary, "基本支出")),
            new("项目支出", now.Project, before?.Project, Glossary.Define(glossary, "项目支出")),
            new("“三公”经费", now.ThreePublic, before?.ThreePublic, Glossary.Define(glossary, "三公经费")),
            new("机关运行经费", now.OfficeRunning, before?.OfficeRunning, Glossary.Define(glossary, "机关运行经费")),
        }.Where(f => f.Amount is not null).ToList();

        decimal? completion = now.TotalExpenditure is { } spent && budgetFigures?.TotalExpenditure is { } planned && planned != 0
            ? Math.Round(spent / planned * 100m, 2)
            : null;
        return new DisclosureSummary(figures, before is null ? null : document.Year - 1, before is null ? null : previous!.Slug, completion, completion is null ? null : budget!.Slug);
    }
}
