using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BudgetPortal.Web.Search;

public sealed record SearchQuery(string? Q, string? Region, int? Year, string? Kind)
{
    public const int MaxLength = 100;

    /// <summary>The words to find, each required (AND): the normalised query split at spaces, at most five.</summary>
    public IReadOnlyList<string> Terms() =>
        Normalize(Q).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList();

    /// <summary>
    /// The query as the search may use it: whole code points only (a lone surrogate half is dropped, never split off a
    /// pair), no control characters (NUL cannot even be stored in PostgreSQL text), in Unicode normal form C, at most
    /// <see cref="MaxLength"/> code points, trimmed. Everything a user types goes through here before it reaches SQL.
    /// </summary>
    public static string Normalize(string? q)
    {
        var kept = new StringBuilder();
        var count = 0;
        foreach (var rune in (q ?? "").EnumerateRunes())
        {
            // EnumerateRunes yields U+FFFD for each unpaired surrogate. A tab or line break still separates words.
            if (Rune.IsControl(rune) || rune == Rune.ReplacementChar)
            {
                if (Rune.IsWhiteSpace(rune))
                {
                    kept.Append(' ');
                }

                continue;
            }

            if (++count > MaxLength)
            {
                break;
            }

            kept.Append(rune.ToString());
        }

        return kept.ToString().Normalize(NormalizationForm.FormC).Trim();
    }
}

/// <summary>What a hit is: 部门, 单位, 公开文件, 表格, 项目 or 表格行, 文字说明 (in rank order).</summary>
public enum SearchHitType
{
    Department,
    Unit,
    Disclosure,
    Project,
    Section,
    Table,
    Row,
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
        SearchHitType.Table => "table",
        SearchHitType.Row => "row",
        _ => "section",
    };

    public string TypeLabel => Type switch
    {
        SearchHitType.Department => "部门",
        SearchHitType.Unit => "单位",
        SearchHitType.Disclosure => "公开文件",
        SearchHitType.Project => "项目",
        SearchHitType.Table => "表格",
        SearchHitType.Row => "表格行",
        _ => "文字说明",
    };
}

public sealed record SearchResults(IReadOnlyList<string> Terms, IReadOnlyList<SearchHit> Hits, bool Truncated)
{
    public static readonly SearchResults Empty = new([], [], false);
}

/// <summary>
/// The public search over published data: department and unit names, disclosure titles, project names (rows of
/// project tables) and narrative sections. Matching is substring matching (Chinese has no spaces, so that is what finds
/// "临江" in "西江省临江市教育局"): names and titles in the in-memory published catalog, projects and narratives in
/// the database (<see cref="NewestMatchesAsync{T}"/>). Ranking is done here, not by similarity, which is weak for one- or two-character
/// Chinese words: department names first (exact, then prefix, then contained), then units, titles, projects, text.
/// </summary>
public static partial class PortalSearch
{
    private const int PerType = 50;
    private const int MaxHits = 100;

    /// <summary>
    /// The search over a catalog already in hand, looking at <paramref name="newestWindow"/> newest rows one by one
    /// before using the gram index.
    /// </summary>
    /// <remarks>
    /// With a <paramref name="vocabulary"/>, projects, table rows and table titles are looked up through their distinct
    /// texts (see <see cref="SearchVocabulary"/>); without one (tests compare both) only through the newest rows and the
    /// gram indexes. A type of hit is not looked for at all when the page is already full of hits that rank above
    /// anything that type can score: the page shows the same, and a common word costs no database query.
    /// </remarks>
    public static async Task<SearchResults> RunAsync(
        PortalDbContext db, PublishedCatalog catalog, SearchVocabulary? vocabulary, SearchQuery query, int newestWindow, CancellationToken ct,
        bool skipBelowAFullPage = true)
    {
        var terms = query.Terms();
        if (terms.Count == 0)
        {
            return SearchResults.Empty;
        }

        var regions = catalog.Regions;
        Func<CatalogEntry, bool> inScope = _ => true;
        if (query.Year is { } year)
        {
            var previous = inScope;
            inScope = d => d.Year == year && previous(d);
        }

        if (query.Kind is "budget" or "final")
        {
            var kind = DisclosureMapper.ParseKind(query.Kind);
            var previous = inScope;
            inScope = d => d.Kind == kind && previous(d);
        }

        if (!string.IsNullOrWhiteSpace(query.Region))
        {
            var ids = regions.IdsUnderName(query.Region.Trim()).ToHashSet();
            var previous = inScope;
            inScope = d => ids.Contains(d.RegionId) && previous(d);
        }

        var hits = new List<SearchHit>();

        // Names and titles: from the published catalog in memory (newest first, so the walk over titles stops early).
        // Without filters nothing is counted or collected over all disclosures: the cost does not grow with them.
        var scoped = query.Year is not null || query.Kind is "budget" or "final" || !string.IsNullOrWhiteSpace(query.Region);
        var scope = scoped ? catalog.Disclosures.Where(inScope).ToList() : null;
        var departmentsInScope = scope?.Select(d => d.DepartmentId).ToHashSet();
        bool DepartmentInScope(int id) => departmentsInScope?.Contains(id) ?? true;
        // The names through the catalog's character indexes (decision 0450): a word no name holds costs a lookup, not a walk
        // over every title.
        foreach (var d in catalog.Names.Departments.Matching(terms).Where(d => DepartmentInScope(d.DepartmentId)).Take(PerType))
        {
            hits.Add(new SearchHit(SearchHitType.Department, d.Name, $"/departments/{d.DepartmentId}", string.Join(" › ", regions.PathOf(d.RegionId)),
                null, null, null, 4000 + NameScore(d.Name, terms)));
        }

        foreach (var u in catalog.Names.Units.Matching(terms).Where(u => DepartmentInScope(u.DepartmentId)).Take(PerType))
        {
            hits.Add(new SearchHit(SearchHitType.Unit, u.Name, $"/departments/{u.DepartmentId}",
                $"{u.Department}{(u.Code is null ? "" : $" · 单位代码 {u.Code}")}", null, null, null, 3000 + NameScore(u.Name, terms)));
        }

        foreach (var d in catalog.Names.Titles.Matching(terms).Where(inScope).Take(PerType))
        {
            hits.Add(new SearchHit(SearchHitType.Disclosure, d.Title, $"/disclosures/{d.Slug}", Context(regions, d.RegionId, d.Year, d.Kind),
                null, d.Year, DisclosureMapper.KindCode(d.Kind), 2000 + NameScore(d.Title, terms)));
        }

        // Project rows and narratives: the newest first, in the database (see NewestMatchesAsync). A type is skipped when
        // MaxHits hits already score above its best possible score: none of its hits could be shown.
        var skipped = false;
        bool PageFullAbove(int best)
        {
            var full = skipBelowAFullPage && hits.Count(h => h.Score > best) >= MaxHits;
            skipped |= full;
            return full;
        }

        var versions = scope?.Select(d => d.VersionId).ToArray();
        if (!PageFullAbove(BestItemScore))
        {
            var projects = await NewestMatchesAsync<ProjectRow>(db, ProjectSearch, vocabulary?.Projects, terms, versions, PerType * 2, newestWindow, ct);
            foreach (var x in projects.DistinctBy(x => (x.VersionId, x.Table, x.Project)).Take(PerType))
            {
                var d = catalog.ByVersion[x.VersionId];
                hits.Add(new SearchHit(SearchHitType.Project, x.Project, $"/disclosures/{d.Slug}?table={x.Table}",
                    $"{d.Title} · {x.Number} {x.TableTitle}", null, d.Year, DisclosureMapper.KindCode(d.Kind), ItemScore(x.Project, terms)));
            }
        }

        // Table titles, and rows by name or code (行政运行, 2101550, 公务接待): each links to its table and row. A row ranks
        // with projects, so that a whole name ("公用经费") comes before a name that only contains the word ("办公用房").
        if (!PageFullAbove(BestTableScore))
        {
            foreach (var t in await NewestMatchesAsync<TableTitleRow>(db, TableTitleSearch, vocabulary?.Titles, terms, versions, PerType, newestWindow, ct))
            {
                var d = catalog.ByVersion[t.VersionId];
                hits.Add(new SearchHit(SearchHitType.Table, $"{t.Number} {t.Title}", $"/disclosures/{d.Slug}?table={t.Table}",
                    d.Title, null, d.Year, DisclosureMapper.KindCode(d.Kind), 1500 + NameScore(t.Title, terms)));
            }
        }

        if (!PageFullAbove(BestItemScore))
        {
            foreach (var r in (await NewestMatchesAsync<TableRowMatch>(db, RowSearch, vocabulary?.Rows, terms, versions, PerType * 2, newestWindow, ct))
                .DistinctBy(r => (r.VersionId, r.Table, r.Code, r.Name)).Take(PerType))
            {
                var d = catalog.ByVersion[r.VersionId];
                var label = r.Code is null ? r.Name : $"{r.Code} {r.Name}";
                hits.Add(new SearchHit(SearchHitType.Row, label, $"/disclosures/{d.Slug}?table={r.Table}#t{r.Table}-r{r.Row}",
                    $"{d.Title} · {r.Number} {r.TableTitle}", null, d.Year, DisclosureMapper.KindCode(d.Kind),
                    Math.Max(ItemScore(r.Name, terms), r.Code is null ? 0 : ItemScore(r.Code, terms))));
            }
        }

        if (!PageFullAbove(BestSectionScore))
        {
            foreach (var s in await SectionMatchesAsync(db, terms, versions, PerType, ct))
            {
                var d = catalog.ByVersion[s.VersionId];
                var text = PlainText(s.Body);
                var occurrences = terms.Sum(t => Occurrences(text, t));
                var inTitle = terms.All(t => s.Title.Contains(t, StringComparison.OrdinalIgnoreCase));
                hits.Add(new SearchHit(SearchHitType.Section, s.Title, $"/disclosures/{d.Slug}#s{s.Ordinal}",
                    d.Title, Snippet(text, terms), d.Year, DisclosureMapper.KindCode(d.Kind),
                    Math.Min(occurrences, 50) + (inTitle ? 100 : 0)));
            }
        }

        var ranked = hits
            .OrderByDescending(h => h.Score)
            .ThenByDescending(h => h.Year)
            .ThenBy(h => h.Title, StringComparer.Ordinal)
            .ToList();
        // Skipping a type means there may be more hits than shown (the page says "100+").
        return new SearchResults(terms, ranked.Take(MaxHits).ToList(), ranked.Count > MaxHits || skipped);
    }

    /// <summary>The most a table title (1500 + a name score), a project or table row (1000 + a name score) and a narrative section can score.</summary>
    private const int BestTableScore = 2499;

    private const int BestItemScore = 1999;

    private const int BestSectionScore = 150;

    private const string Escape = "\\";

    public sealed record ProjectRow(int Id, string Project, int VersionId, int Table, string Number, string TableTitle);

    public sealed record SectionRow(int Id, int VersionId, int Ordinal, string Title, string Body);

    public sealed record TableTitleRow(int Id, int VersionId, int Table, string Number, string Title);

    public sealed record TableRowMatch(int Id, string? Code, string Name, int Row, int VersionId, int Table, string Number, string TableTitle);

    /// <summary>
    /// How to search one kind of text: its rows (newest = highest id), the text and the published version. Columns are
    /// named as the snake_case naming convention maps the row records' properties.
    /// </summary>
    internal sealed record TextSearch(string Table, string Where, string Text, string Columns, string Joins, string VersionColumn)
    {
        /// <summary>The text as its (text, id) btree holds it: the first <see cref="KeyLength"/> characters (a btree key has a size limit).</summary>
        public string Key => $"left({Text}, {KeyLength})";
    }

    /// <summary>How many characters of a text the vocabulary and its btree keep; a longer text may hold the word further on.</summary>
    public const int KeyLength = 200;

    internal static readonly TextSearch ProjectSearch = new(
        "table_rows", "project IS NOT NULL", "r.project",
        "r.id, r.project, t.version_id, t.ordinal AS \"table\", t.number, t.title AS table_title",
        "JOIN disclosure_tables t ON t.id = r.table_id", "t.version_id");

    internal static readonly TextSearch TableTitleSearch = new(
        "disclosure_tables", "TRUE", "r.number || ' ' || r.title",
        "r.id, r.version_id, r.ordinal AS \"table\", r.number, r.title",
        "", "r.version_id");

    internal static readonly TextSearch RowSearch = new(
        "table_rows", "name IS NOT NULL AND role IS DISTINCT FROM 'colnum'", "coalesce(r.code, '') || ' ' || r.name",
        "r.id, r.code, r.name, r.ordinal AS row, t.version_id, t.ordinal AS \"table\", t.number, t.title AS table_title",
        "JOIN disclosure_tables t ON t.id = r.table_id", "t.version_id");

    /// <summary>The columns of a narrative section hit (<see cref="SectionRow"/>), read by <see cref="SectionMatchesAsync"/>.</summary>
    private const string SectionColumns = "r.id, r.version_id, r.ordinal, r.title, r.body";

    /// <summary>How many of the newest rows are looked at first, row by row.</summary>
    public const int NewestWindow = 2000;

    /// <summary>At most this many distinct texts are looked up one by one (their newest rows each); more means a common word.</summary>
    public const int MaxLookupTexts = 16;

    /// <summary>At most this many further rows are matched one by one after the newest window, when its hits promise enough.</summary>
    public const int MaxFurtherScan = 10_000;

    /// <summary>
    /// Up to <paramref name="wanted"/> rows whose text contains every term, in published current versions (within
    /// <paramref name="scope"/>, when given), newest first, at a cost that follows the hits wanted rather than the size
    /// of the data (decision 0420):
    /// <list type="number">
    /// <item>With a <paramref name="vocabulary"/> (projects, table rows, table titles): no matching text means no hit and
    /// no query; up to <see cref="MaxLookupTexts"/> matching texts are read through their (text, id) btree, the newest
    /// <c>wanted</c> rows of each, merged — a word found only in older rows costs the same as one in the newest.</item>
    /// <item>Otherwise (more texts, or no vocabulary) the newest <see cref="NewestWindow"/>
    /// rows are matched one by one (a common word such as 卫生 is found there however many disclosures there are); if
    /// they gave some hits but too few, as many further rows as their density says are needed (at most
    /// <see cref="MaxFurtherScan"/>) are matched the same way;</item>
    /// <item>the rest: for a vocabulary, from the matching texts' btrees below the rows already matched; without one (only
    /// tests compare that), the rows whose one- and two-character grams (<c>search_grams</c>) hold the words', computed
    /// row by row (no gram index is left on these texts), confirmed with <c>ILIKE</c>. Narrative sections are searched by
    /// <see cref="SectionMatchesAsync"/>.</item>
    /// </list>
    /// </summary>
    private static async Task<List<T>> NewestMatchesAsync<T>(
        PortalDbContext db, TextSearch search, IReadOnlyList<string>? vocabulary, IReadOnlyList<string> terms, int[]? scope, int wanted,
        int newestWindow, CancellationToken ct)
    {
        // Only the constant fragments above (and computed integers) go into the SQL text; the words, grams, texts and
        // scope are parameters.
        var inScope = scope is null ? "" : $" AND {search.VersionColumn} = ANY(@scope)";
        var patterns = terms.Select(LikePattern).ToArray();
        NpgsqlParameter[] Parameters(int limit, params NpgsqlParameter[] more) =>
        [
            new("patterns", patterns), new("limit", limit), .. more,
            .. scope is null ? Array.Empty<NpgsqlParameter>() : [new NpgsqlParameter("scope", scope)],
        ];

#pragma warning disable EF1003 // see above
        // The newest rows of the given texts: for each, a backward scan of its (text, id) btree that stops after `limit`
        // rows of published current versions; merged, newest first. A key of KeyLength characters may be a cut text,
        // whose rows the words then confirm. The text is bounded as a range with the row comparison (text, id) and the
        // rows ordered by (text, id), not `text = …  ORDER BY id`: with an equality the planner may prefer a backward
        // scan of the id index filtering every row (a second at 100,000 disclosures for a rare text); only the (text, id)
        // btree gives this order. Both bounds are row comparisons, so that the planner estimates the range as one text's
        // rows: with `text >= …` as the lower bound it estimated half the index and, at 20,000 disclosures, read a
        // project's rows through the id index instead (90 ms against 1.7 ms; decision 0450).
        Task<List<T>> OfTexts(string[] texts, string below, int limit) => db.Database.SqlQueryRaw<T>(
                $"SELECT x.* FROM unnest(@texts) AS v(text) CROSS JOIN LATERAL (SELECT {search.Columns} FROM {search.Table} r {search.Joins}" +
                $" JOIN disclosures d ON d.current_version_id = {search.VersionColumn} WHERE {search.Where}" +
                $" AND ({search.Key}, r.id) >= (v.text, -2147483648) AND ({search.Key}, r.id) <= (v.text, 2147483647){below}" +
                $" AND (char_length(v.text) < {KeyLength} OR ({search.Text}) ILIKE ALL (@patterns)){inScope}" +
                $" ORDER BY {search.Key} DESC, r.id DESC LIMIT @limit) x ORDER BY x.id DESC LIMIT @limit",
                Parameters(limit, new NpgsqlParameter("texts", texts)))
            .ToListAsync(ct);

        string[]? matching = null;
        if (vocabulary is not null)
        {
            matching = vocabulary.Where(t => terms.All(term => t.Contains(term, StringComparison.OrdinalIgnoreCase)) || MayBeCut(t)).ToArray();
            if (matching.Length == 0)
            {
                return [];
            }

            if (matching.Length <= MaxLookupTexts)
            {
                return await OfTexts(matching, "", wanted);
            }
        }

        var newest = $"(SELECT * FROM {search.Table} WHERE {search.Where} ORDER BY id DESC LIMIT {newestWindow})";
        var select = $"SELECT {search.Columns} FROM {{0}} r {search.Joins} JOIN disclosures d ON d.current_version_id = {search.VersionColumn}";
        var match = $"({search.Text}) ILIKE ALL (@patterns){inScope}";
        const string Order = " ORDER BY r.id DESC LIMIT @limit";
        var found = await db.Database
            .SqlQueryRaw<T>(string.Format(CultureInfo.InvariantCulture, select, newest) + $" WHERE {match}" + Order, Parameters(wanted))
            .ToListAsync(ct);
        if (found.Count >= wanted)
        {
            return found;
        }

        var below = $"(SELECT coalesce(min(id), 2147483647) FROM {newest} n)";
        var needed = found.Count == 0 ? long.MaxValue : (long)(wanted - found.Count) * newestWindow / found.Count;
        if (needed <= MaxFurtherScan / 2)
        {
            var further = $"(SELECT * FROM {search.Table} WHERE {search.Where} AND id < {below} ORDER BY id DESC LIMIT {Math.Max(2 * needed, 100)})";
            found.AddRange(await db.Database
                .SqlQueryRaw<T>(string.Format(CultureInfo.InvariantCulture, select, further) + $" WHERE {match}" + Order, Parameters(wanted - found.Count))
                .ToListAsync(ct));
            if (found.Count >= wanted)
            {
                return found;
            }

            below = $"(SELECT coalesce(min(id), {below}) FROM {further} n)";
        }

        if (matching is not null)
        {
            // Many texts hold the word but the newest rows too few of them: the rest from the texts' btrees, below the
            // rows already matched (at most `wanted` rows per text, however many rows hold the word).
            found.AddRange(await OfTexts(matching, $" AND r.id < {below}", wanted - found.Count));
            return found;
        }

        // The gram index gives every candidate, unordered: take only the ids of the newest few (no text read, no ILIKE on
        // a long body), confirm those, and go on below them only if they gave too few hits (decision 0420).
        var grams = terms.SelectMany(Grams).Distinct(StringComparer.Ordinal).ToArray();
        var before = int.MaxValue;
        for (var batch = 4 * wanted; found.Count < wanted; batch *= 4)
        {
            var candidates = await db.Database
                .SqlQueryRaw<int>(
                    $"SELECT r.id AS \"Value\" FROM {search.Table} r {search.Joins} WHERE {search.Where} AND r.id < {below} AND r.id < @before" +
                    $" AND search_grams({search.Text}) @> @grams{inScope} ORDER BY r.id DESC LIMIT @batch",
                    [
                        new NpgsqlParameter("before", before), new NpgsqlParameter("grams", grams), new NpgsqlParameter("batch", batch),
                        .. scope is null ? Array.Empty<NpgsqlParameter>() : [new NpgsqlParameter("scope", scope)],
                    ])
                .ToListAsync(ct);
            if (candidates.Count == 0)
            {
                break;
            }

            found.AddRange(await db.Database
                .SqlQueryRaw<T>(
                    string.Format(CultureInfo.InvariantCulture, select, search.Table) + $" WHERE r.id = ANY(@candidates) AND {match}" + Order,
                    Parameters(wanted - found.Count, new NpgsqlParameter("candidates", candidates.ToArray())))
                .ToListAsync(ct));
            if (candidates.Count < batch)
            {
                break;
            }

            before = candidates.Min();
        }
#pragma warning restore EF1003
        return found;
    }

    /// <summary>
    /// Up to <paramref name="wanted"/> narrative sections holding every term, in published current versions (within
    /// <paramref name="scope"/>, when given), newest first, through their blocks (<see cref="NarrativeBlocks"/>, decision
    /// 0450): the blocks whose grams hold every gram of the words, and the blocks marked since the last refresh, newest
    /// first; their sections confirmed with <c>ILIKE</c>, a few blocks at first, then as many as the hits found so far
    /// say are needed. The GIN index returns at most one row per block, so a word that many older sections hold costs
    /// about what a word in the newest does.
    /// </summary>
    internal static async Task<List<SectionRow>> SectionMatchesAsync(
        PortalDbContext db, IReadOnlyList<string> terms, int[]? scope, int wanted, CancellationToken ct)
    {
        var grams = terms.SelectMany(Grams).Distinct(StringComparer.Ordinal).ToArray();
        var blocks = await db.Database
            .SqlQueryRaw<int>(
                "SELECT b AS \"Value\" FROM narrative_blocks_holding(@grams) AS b UNION SELECT block FROM narrative_dirty_blocks ORDER BY 1 DESC",
                new NpgsqlParameter("grams", grams))
            .ToListAsync(ct);
        // Each word in the title or the body (a word has no space, so it cannot span the two): a word without case (Chinese,
        // digits) by strpos, a byte search several times cheaper than ILIKE, which lower-cases every text it reads.
        var words = terms.Select((t, i) => new NpgsqlParameter($"w{i}", IsCaseless(t) ? t : LikePattern(t))).ToArray();
        var match = string.Join(" AND ", terms.Select((t, i) => IsCaseless(t)
            ? $"(strpos(r.title, @w{i}) > 0 OR strpos(r.body, @w{i}) > 0)"
            : $"(r.title ILIKE @w{i} OR r.body ILIKE @w{i})"));
        var inScope = scope is null ? "" : " AND r.version_id = ANY(@scope)";
        var found = new List<SectionRow>();
        for (int taken = 0, batch = 4; taken < blocks.Count && found.Count < wanted;)
        {
#pragma warning disable EF1003 // only constant fragments and integers go into the SQL text; words and blocks are parameters
            found.AddRange(await db.Database
                .SqlQueryRaw<SectionRow>(
                    $"SELECT x.* FROM unnest(@blocks) AS b(block) CROSS JOIN LATERAL (SELECT {SectionColumns} FROM narrative_sections r" +
                    " JOIN disclosures d ON d.current_version_id = r.version_id" +
                    $" WHERE r.id >= b.block * {NarrativeBlocks.Size} AND r.id < (b.block + 1) * {NarrativeBlocks.Size}" +
                    $" AND {match}{inScope} ORDER BY r.id DESC LIMIT {NarrativeBlocks.Size}) x ORDER BY x.id DESC LIMIT @limit",
                    [
                        new NpgsqlParameter("blocks", blocks.Skip(taken).Take(batch).ToArray()), .. words.Select(w => w.Clone()),
                        new NpgsqlParameter("limit", wanted - found.Count),
                        .. scope is null ? Array.Empty<NpgsqlParameter>() : [new NpgsqlParameter("scope", scope)],
                    ])
                .ToListAsync(ct));
#pragma warning restore EF1003

            // (The LIMIT within a block, which holds at most Size sections, makes every plan read each block's ids by the
            // primary key rather than matching the whole table once.) The next batch: four times this one while nothing is found, else as many blocks as the hits so far say are
            // needed (with a fifth more), at least four.
            taken += batch;
            batch = found.Count == 0 ? batch * 4 : Math.Max(4, (int)Math.Ceiling(1.2 * (wanted - found.Count) * taken / found.Count));
        }

        return found;
    }

    /// <summary>A word whose every letter has no case (Chinese, digits, punctuation): matched the same by case-sensitive search.</summary>
    private static bool IsCaseless(string term) =>
        string.Equals(term.ToLowerInvariant(), term, StringComparison.Ordinal) && string.Equals(term.ToUpperInvariant(), term, StringComparison.Ordinal);

    /// <summary>A vocabulary text of <see cref="KeyLength"/> code points may be the start of a longer text (the database then confirms the words).</summary>
    private static bool MayBeCut(string key) => key.Length >= KeyLength && key.EnumerateRunes().Count() >= KeyLength;

    /// <summary>The grams a text containing the term must have: the term itself if one character, else its bigrams.</summary>
    /// <remarks>By code points, as PostgreSQL's <c>substr</c> in <c>search_grams</c> counts: a character outside the BMP
    /// is one character, not two halves.</remarks>
    public static IEnumerable<string> Grams(string term)
    {
        var runes = term.ToLowerInvariant().EnumerateRunes().Select(r => r.ToString()).ToList();
        return runes.Count == 1 ? [runes[0]] : Enumerable.Range(0, runes.Count - 1).Select(i => runes[i] + runes[i + 1]);
    }

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

    /// <summary>
    /// A project or table row: 1000 + its name score where every word stands as a word (at the start of the name or
    /// after punctuation, a digit or a joining character); a word found only inside another word ("公用" in 办公用房)
    /// ranks below the narrative text, which uses the word as a word.
    /// </summary>
    private static int ItemScore(string name, IReadOnlyList<string> terms) =>
        terms.All(t => StandsAsWord(name, t)) ? 1000 + NameScore(name, terms) : NameScore(name, terms) / 100;

    private static bool StandsAsWord(string name, string term)
    {
        for (var i = name.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = name.IndexOf(term, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (i == 0 || !char.IsLetter(name[i - 1]) || "和及与的、".Contains(name[i - 1], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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
