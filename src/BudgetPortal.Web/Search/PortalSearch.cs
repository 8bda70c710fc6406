using System.Text.RegularExpressions;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Search;

public sealed record SearchQuery(string? Q, string? Region, int? Year, string? Kind)
{
    public const int MaxLength = 100;

    /// <summary>The words to find, each required (AND): the query split at spaces, at most five.</summary>
    public IReadOnlyList<string> Terms() =>
        (Q ?? "").Trim() is { Length: > 0 } q
            ? q[..Math.Min(q.Length, MaxLength)].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList()
            : [];
}

/// <summary>What a hit is: 部门, 单位, 公开文件, 项目, 文字说明 (in rank order).</summary>
public enum SearchHitType
{
    Department,
    Unit,
    Disclosure,
    Project,
    Section,
}

public sealed record SearchHit(
    SearchHitType Type, string Title, string Url, string Context, string? Snippet, int? Year, string? Kind, int Score)
{
    public string TypeCode => Type switch
    {
        SearchHitType.Department => "department",
        SearchHitType.Unit => "unit",
        SearchHitType.Disclosure => "disclosure",
        SearchHitType.Project => "project",
        _ => "section",
    };

    public string TypeLabel => Type switch
    {
        SearchHitType.Department => "部门",
        SearchHitType.Unit => "单位",
        SearchHitType.Disclosure => "公开文件",
        SearchHitType.Project => "项目",
        _ => "文字说明",
    };
}

public sealed record SearchResults(IReadOnlyList<string> Terms, IReadOnlyList<SearchHit> Hits, bool Truncated)
{
    public static readonly SearchResults Empty = new([], [], false);
}

/// <summary>
/// The public search over published data: department and unit names, disclosure titles, project names (rows of
/// project tables) and narrative sections. Matching is <c>ILIKE '%word%'</c> (served by pg_trgm GIN indexes for words
/// of three or more characters; Chinese has no spaces, so substring matching is what finds "抚顺" in
/// "辽宁省抚顺市医疗保障局"). Ranking is done here, not by trigram similarity, which is weak for one- or two-character
/// Chinese words: department names first (exact, then prefix, then contained), then units, titles, projects, text.
/// </summary>
public static partial class PortalSearch
{
    private const int PerType = 50;
    private const int MaxHits = 100;

    public static async Task<SearchResults> RunAsync(PortalDbContext db, SearchQuery query, CancellationToken ct)
    {
        var terms = query.Terms();
        if (terms.Count == 0)
        {
            return SearchResults.Empty;
        }

        var regions = await RegionTree.LoadAsync(db, ct);
        var published = db.Published().AsNoTracking();
        if (query.Year is { } year)
        {
            published = published.Where(d => d.Year == year);
        }

        if (query.Kind is "budget" or "final")
        {
            var kind = DisclosureMapper.ParseKind(query.Kind);
            published = published.Where(d => d.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Region))
        {
            var ids = regions.IdsUnderName(query.Region.Trim());
            published = published.Where(d => ids.Contains(d.Department.RegionId));
        }

        var patterns = terms.Select(LikePattern).ToList();
        var hits = new List<SearchHit>();

        var departments = db.Departments.AsNoTracking().Where(d => published.Any(p => p.DepartmentId == d.Id));
        foreach (var p in patterns)
        {
            departments = departments.Where(d => EF.Functions.ILike(d.Name, p, Escape));
        }

        foreach (var d in await departments.OrderBy(d => d.Name).Take(PerType).Select(d => new { d.Id, d.Name, d.RegionId }).ToListAsync(ct))
        {
            hits.Add(new SearchHit(SearchHitType.Department, d.Name, $"/departments/{d.Id}", string.Join(" › ", regions.PathOf(d.RegionId)),
                null, null, null, 4000 + NameScore(d.Name, terms)));
        }

        var units = db.Units.AsNoTracking().Where(u => published.Any(p => p.DepartmentId == u.DepartmentId));
        foreach (var p in patterns)
        {
            units = units.Where(u => EF.Functions.ILike(u.Name, p, Escape));
        }

        foreach (var u in await units.OrderBy(u => u.Name).Take(PerType)
            .Select(u => new { u.Name, u.Code, u.DepartmentId, Department = u.Department.Name }).ToListAsync(ct))
        {
            hits.Add(new SearchHit(SearchHitType.Unit, u.Name, $"/departments/{u.DepartmentId}",
                $"{u.Department}{(u.Code is null ? "" : $" · 单位代码 {u.Code}")}", null, null, null, 3000 + NameScore(u.Name, terms)));
        }

        var titles = published;
        foreach (var p in patterns)
        {
            titles = titles.Where(d => EF.Functions.ILike(d.Title, p, Escape));
        }

        foreach (var d in await titles.OrderByDescending(d => d.Year).Take(PerType)
            .Select(d => new { d.Slug, d.Title, d.Year, d.Kind, d.Department.RegionId }).ToListAsync(ct))
        {
            hits.Add(new SearchHit(SearchHitType.Disclosure, d.Title, $"/disclosures/{d.Slug}", Context(regions, d.RegionId, d.Year, d.Kind),
                null, d.Year, DisclosureMapper.KindCode(d.Kind), 2000 + NameScore(d.Title, terms)));
        }

        var projectRows =
            from r in db.Rows.AsNoTracking()
            join t in db.Tables on r.TableId equals t.Id
            join d in published on (int?)t.VersionId equals d.CurrentVersionId
            where r.Project != null
            select new { r.Project, r.Ordinal, Table = t.Ordinal, t.Number, TableTitle = t.Title, d.Slug, d.Title, d.Year, d.Kind, d.Department.RegionId };
        foreach (var p in patterns)
        {
            projectRows = projectRows.Where(x => EF.Functions.ILike(x.Project!, p, Escape));
        }

        var projects = await projectRows.OrderByDescending(x => x.Year).ThenBy(x => x.Slug).ThenBy(x => x.Table).ThenBy(x => x.Ordinal)
            .Take(PerType * 2).ToListAsync(ct);
        foreach (var x in projects.DistinctBy(x => (x.Slug, x.Table, x.Project)).Take(PerType))
        {
            hits.Add(new SearchHit(SearchHitType.Project, x.Project!, $"/disclosures/{x.Slug}?table={x.Table}",
                $"{x.Title} · {x.Number} {x.TableTitle}", null, x.Year, DisclosureMapper.KindCode(x.Kind), 1000 + NameScore(x.Project!, terms)));
        }

        var sectionRows =
            from s in db.Sections.AsNoTracking()
            join d in published on (int?)s.VersionId equals d.CurrentVersionId
            select new { s.Ordinal, s.Title, s.Body, d.Slug, DisclosureTitle = d.Title, d.Year, d.Kind };
        foreach (var p in patterns)
        {
            sectionRows = sectionRows.Where(x => EF.Functions.ILike(x.Body, p, Escape) || EF.Functions.ILike(x.Title, p, Escape));
        }

        foreach (var s in await sectionRows.OrderByDescending(x => x.Year).ThenBy(x => x.Slug).ThenBy(x => x.Ordinal).Take(PerType).ToListAsync(ct))
        {
            var text = PlainText(s.Body);
            var occurrences = terms.Sum(t => Occurrences(text, t));
            var inTitle = terms.All(t => s.Title.Contains(t, StringComparison.OrdinalIgnoreCase));
            hits.Add(new SearchHit(SearchHitType.Section, s.Title, $"/disclosures/{s.Slug}#s{s.Ordinal}",
                s.DisclosureTitle, Snippet(text, terms), s.Year, DisclosureMapper.KindCode(s.Kind),
                Math.Min(occurrences, 50) + (inTitle ? 100 : 0)));
        }

        var ranked = hits
            .OrderByDescending(h => h.Score)
            .ThenByDescending(h => h.Year)
            .ThenBy(h => h.Title, StringComparer.Ordinal)
            .ToList();
        return new SearchResults(terms, ranked.Take(MaxHits).ToList(), ranked.Count > MaxHits);
    }

    private const string Escape = "\\";

    private static string LikePattern(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static string Context(RegionTree regions, int regionId, int year, DisclosureKind kind) =>
        $"{string.Join(" › ", regions.PathOf(regionId))} · {year} 年度{(kind == DisclosureKind.Final ? "部门决算" : "部门预算")}";

    /// <summary>0–999 within a type: the whole name (900+), a prefix (600+), contained (300+); closer in length ranks higher.</summary>
    private static int NameScore(string name, IReadOnlyList<string> terms)
    {
        var phrase = string.Join(" ", terms);
        var coverage = (int)(99.0 * terms.Sum(t => t.Length) / Math.Max(1, name.Length));
        if (string.Equals(name.Trim(), phrase, StringComparison.OrdinalIgnoreCase))
        {
            return 999;
        }

        return name.StartsWith(terms[0], StringComparison.OrdinalIgnoreCase) ? 600 + coverage : 300 + coverage;
    }

    private static int Occurrences(string text, string term)
    {
        var count = 0;
        for (var i = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(term, i + term.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    /// <summary>The narrative without Markdown marks (headings, emphasis, table pipes) and with single spaces.</summary>
    public static string PlainText(string markdown) =>
        Whitespace().Replace(MarkdownMarks().Replace(markdown, " "), " ").Trim();

    /// <summary>About 120 characters around the first occurrence of the first word found.</summary>
    public static string Snippet(string text, IReadOnlyList<string> terms)
    {
        var at = terms.Select(t => text.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, at - 40);
        var end = Math.Min(text.Length, at + 80);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }

    [GeneratedRegex(@"[#*|>`]+|-{3,}")]
    private static partial Regex MarkdownMarks();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
