using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Figures;
using BudgetPortal.Core.Layout;
using BudgetPortal.Web.Hosting;
using Microsoft.AspNetCore.Html;

namespace BudgetPortal.Web.Rendering;

/// <summary>A narrative part of a disclosure, rendered (Markdown, raw HTML shown as text, then sanitized).</summary>
public sealed record SectionView(string Anchor, string Title, HtmlString Html);

/// <summary>A numbered table: its anchor (<c>t3</c>), its layout, and its HTML as the whole disclosure page shows it.</summary>
public sealed record TableView(string Anchor, TableLayout Layout, HtmlString Html);

/// <summary>
/// What the disclosure page shows of one version that depends on nothing but the version and its department's heading:
/// the rendered narrative, the layout and HTML of every table, the headline figures and the glossary that explains them.
/// </summary>
public sealed record RenderedVersion(IReadOnlyList<SectionView> Sections, IReadOnlyList<TableView> Tables, KeyFigures Figures, IReadOnlyDictionary<string, string> Glossary)
{
    /// <summary>Renders a document whose pages live at <paramref name="basePath"/> (<c>/disclosures/{slug}</c> or a draft's workspace address).</summary>
    public static RenderedVersion Of(DisclosureDocument document, string basePath)
    {
        var sections = document.Sections
            .Select((s, i) => new SectionView($"s{i + 1}", s.Title, NarrativeHtml.Render(s.Body)))
            .ToList();
        var tables = document.Tables
            .Select((t, i) =>
            {
                var anchor = $"t{i + 1}";
                var layout = TableLayout.For(document, t);
                return new TableView(anchor, layout, TableHtml.Render(layout, anchor, $"{basePath}/{{0}}?table={i + 1}", $"{basePath}?table={i + 1}"));
            })
            .ToList();
        return new RenderedVersion(sections, tables, KeyFigures.From(document), BudgetPortal.Core.Documents.Glossary.From(document));
    }

    /// <summary>
    /// The key of a published version's rendering: its id, and what its page takes from outside the version (the
    /// slug in its links, the department's name and label in every table heading, which an administrator may change).
    /// </summary>
    public static string KeyOf(int versionId, DisclosureDocument document) =>
        $"{versionId}|{document.Slug}|{document.Department.Name}|{document.DepartmentLabel}";
}

/// <summary>
/// The rendering of published versions (<see cref="RenderedVersion"/>), made on the first request for a version and
/// kept: a published version never changes — a correction is a new version, with a new id, so a new key (decision
/// 0430). At most 64 versions (a page of tables is ~0.5–1 MB of text), least recently used go first, none unused for
/// 30 minutes. Drafts are rendered afresh on every request and never kept.
/// </summary>
public sealed class RenderedVersionCache(TimeProvider clock) : BoundedCache<string, RenderedVersion>(64, TimeSpan.FromMinutes(30), clock);

/// <summary>
/// What the disclosure page shows of a published version that depends on the other published disclosures: the check
/// report (a budget may change a final account's completion rates), the summary's changes from last year, the
/// comparisons offered, the correction banner.
/// </summary>
public sealed record PublishedPageContext(
    int DepartmentId, int RegionId, (int Number, string? CorrectionNote)? SupersededBy, CheckReport Checks,
    BudgetPortal.Web.Pages.Disclosures.DisclosureSummary Summary, (bool OtherYear, bool SameYearBudget) Comparisons);

/// <summary>
/// <see cref="PublishedPageContext"/> of published versions, keyed by the version's rendering key and the publication
/// stamp: publishing anything changes the stamp, so a context is never used after a publication that may change it
/// (decision 0430). At most 1,000 kept, none unused for 30 minutes.
/// </summary>
public sealed class PublishedPageContextCache(TimeProvider clock) : BoundedCache<string, PublishedPageContext>(1_000, TimeSpan.FromMinutes(30), clock);
