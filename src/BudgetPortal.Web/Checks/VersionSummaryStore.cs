using System.Text.Json;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Checks;

/// <summary>A published version's key figures and check counts, as lists show them.</summary>
public sealed record VersionSummaryView(KeyFigures Figures, int Passed, int Rounding, int Warnings, int Errors);

/// <summary>One published version whose summary is wanted: its id, its disclosure and the same-year budget's version (finals).</summary>
public sealed record SummaryRequest(int VersionId, string Slug, int? BudgetVersionId);

/// <summary>
/// The summaries this instance has read or computed, by version id and stamp (decision 0470). A summary under a given
/// stamp cannot change — the version is published and the stamp names the rules and the budget it was checked against —
/// so what was read once is kept: the region overview of a province asks the database only for rows it has not seen.
/// 100,000 summaries (some 50 MB) at most, an hour unused.
/// </summary>
public sealed class VersionSummaryMemo(TimeProvider clock) : BoundedCache<(int VersionId, string Stamp), VersionSummaryView>(100_000, TimeSpan.FromHours(1), clock);

/// <summary>
/// Summaries of published versions, kept in <c>version_summaries</c>: computed (document loaded, figures read, rules
/// run) the first time a list needs them and read in one query afterwards, on every instance, and then kept by the
/// instance (<see cref="VersionSummaryMemo"/>). The region overview of a province with hundreds of departments is then
/// one query the first time instead of hundreds of documents checked on each request, and none afterwards.
/// </summary>
public sealed class VersionSummaryStore(PortalDbContext db, DocumentLoader documents, DisclosureCheckService checks, ContentStamp content, VersionSummaryMemo memo)
{
    /// <summary>
    /// Bump when <c>KeyFigures.From</c> or the check engine changes what it gives for the same document and rules:
    /// every stored summary is then computed again when next needed. (Not the build id: a deployment that changes
    /// neither should not make a province's overview recompute hundreds of documents.)
    /// 2: key figures in 万元 converted from each table's own unit; findings carry their unit.
    /// </summary>
    public const int Format = 2;

    public async Task<Dictionary<int, VersionSummaryView>> GetAsync(IReadOnlyList<SummaryRequest> wanted, CancellationToken ct)
    {
        var rules = $"{Format}:{await content.RulesAsync(ct)}";
        var result = new Dictionary<int, VersionSummaryView>();
        var missing = new List<(SummaryRequest Wanted, string Stamp)>();
        foreach (var w in wanted)
        {
            var stamp = $"{rules}|{w.BudgetVersionId ?? 0}";
            if (memo.TryGet((w.VersionId, stamp), out var kept))
            {
                result[w.VersionId] = kept;
            }
            else
            {
                missing.Add((w, stamp));
            }
        }

        if (missing.Count == 0)
        {
            return result;
        }

        var ids = missing.Select(m => m.Wanted.VersionId).ToList();
        var stored = await db.VersionSummaries.AsNoTracking().Where(s => ids.Contains(s.VersionId)).ToDictionaryAsync(s => s.VersionId, ct);
        foreach (var (w, stamp) in missing)
        {
            if (stored.TryGetValue(w.VersionId, out var s) && s.Stamp == stamp)
            {
                result[w.VersionId] = Keep(w.VersionId, stamp, new VersionSummaryView(JsonSerializer.Deserialize<KeyFigures>(s.Figures)!, s.Passed, s.Rounding, s.Warnings, s.Errors));
                continue;
            }

            var document = (await documents.LoadVersionAsync(w.VersionId, ct))?.Document;
            if (document is null)
            {
                continue;
            }

            var report = await checks.RunAsync(document, ct);
            var view = new VersionSummaryView(KeyFigures.From(document), report.Passed, report.Rounding, report.Warnings, report.Errors);
            var figures = JsonSerializer.Serialize(view.Figures);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO version_summaries (version_id, stamp, figures, passed, rounding, warnings, errors, computed_at)
                VALUES ({w.VersionId}, {stamp}, {figures}, {view.Passed}, {view.Rounding}, {view.Warnings}, {view.Errors}, now())
                ON CONFLICT (version_id) DO UPDATE SET stamp = EXCLUDED.stamp, figures = EXCLUDED.figures, passed = EXCLUDED.passed,
                    rounding = EXCLUDED.rounding, warnings = EXCLUDED.warnings, errors = EXCLUDED.errors, computed_at = EXCLUDED.computed_at
                """, ct);
            result[w.VersionId] = Keep(w.VersionId, stamp, view);
        }

        return result;
    }

    private VersionSummaryView Keep(int versionId, string stamp, VersionSummaryView view)
    {
        memo.Set((versionId, stamp), view);
        return view;
    }
}
