using BudgetPortal.Web.Data;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Search;

/// <summary>
/// Every distinct text the search reads from project names, table rows (code and name) and table titles. The same
/// texts repeat in every disclosure (行政运行, 基本公共卫生服务补助, 一般公共预算支出表): a few thousand distinct texts stand for
/// millions of rows. A word is matched against these in memory; the rows of the few texts that match are then read
/// newest first from a btree over (text, id), <c>k</c> per text (decision 0420), so that the cost follows the hits
/// shown, not how many rows match. Read with a loose index scan (one index probe per distinct text) when the
/// publication stamp moves; it may hold texts of drafts or older versions, which the row lookup then skips.
/// </summary>
public sealed class SearchVocabulary
{
    private SearchVocabulary(int stamp, IReadOnlyList<string> projects, IReadOnlyList<string> rows, IReadOnlyList<string> titles)
    {
        Stamp = stamp;
        Projects = projects;
        Rows = rows;
        Titles = titles;
    }

    /// <summary>The publication stamp of the catalog this was read for.</summary>
    public int Stamp { get; }

    public IReadOnlyList<string> Projects { get; }

    public IReadOnlyList<string> Rows { get; }

    public IReadOnlyList<string> Titles { get; }

    internal static async Task<SearchVocabulary> BuildAsync(PortalDbContext db, int stamp)
    {
        // Not the request's token: other requests may be waiting for this build.
        var ct = CancellationToken.None;
        return new SearchVocabulary(
            stamp,
            await DistinctAsync(db, PortalSearch.ProjectSearch, ct),
            await DistinctAsync(db, PortalSearch.RowSearch, ct),
            await DistinctAsync(db, PortalSearch.TableTitleSearch, ct));
    }

    /// <summary>The distinct values of a text expression, in index order: one probe of its (text, id) btree per value.</summary>
    private static async Task<List<string>> DistinctAsync(PortalDbContext db, PortalSearch.TextSearch key, CancellationToken ct)
    {
        var sql = $"""
            WITH RECURSIVE v(text) AS (
              (SELECT {key.Key} FROM {key.Table} r WHERE {key.Where} ORDER BY {key.Key} LIMIT 1)
              UNION ALL
              SELECT (SELECT {key.Key} FROM {key.Table} r WHERE {key.Where} AND {key.Key} > v.text ORDER BY {key.Key} LIMIT 1)
              FROM v WHERE v.text IS NOT NULL)
            SELECT text AS "Value" FROM v WHERE text IS NOT NULL
            """;
#pragma warning disable EF1003 // only the constant fragments of PortalSearch go into the SQL text
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct);
#pragma warning restore EF1003
    }
}

/// <summary>
/// The one <see cref="SearchVocabulary"/> of this instance (a DI singleton), read again when the publication stamp of the
/// catalog moves past it. Only one request reads; the others wait for the same task.
/// </summary>
public sealed class SearchVocabularyCache
{
    private readonly SharedBuild<SearchVocabulary> _vocabulary = new();

    /// <summary>The vocabulary built last, if any (for the warmer's tests and logs).</summary>
    public SearchVocabulary? Current => _vocabulary.Current;

    public Task<SearchVocabulary> GetAsync(PortalDbContext db, PublishedCatalog catalog) =>
        _vocabulary.GetAsync(() => SearchVocabulary.BuildAsync(db, catalog.Stamp), vocabulary => vocabulary.Stamp >= catalog.Stamp);
}
