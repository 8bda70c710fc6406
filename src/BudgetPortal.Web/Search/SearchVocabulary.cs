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
/// With them, the character indexes of the catalog's names (<see cref="CatalogNames"/>, decision 0450).
/// </summary>
public sealed class SearchVocabulary
{
    private SearchVocabulary(int stamp, IReadOnlyList<string> projects, IReadOnlyList<string> rows, IReadOnlyList<string> titles, CatalogNames? names)
    {
        Stamp = stamp;
        Projects = projects;
        Rows = rows;
        Titles = titles;
        Names = names;
    }

    /// <summary>The publication stamp of the catalog this was read for.</summary>
    public int Stamp { get; }

    public IReadOnlyList<string> Projects { get; }

    public IReadOnlyList<string> Rows { get; }

    public IReadOnlyList<string> Titles { get; }

    /// <summary>The name indexes of the catalog the search was given (null only while they are built for the first time).</summary>
    public CatalogNames? Names { get; }

    internal SearchVocabulary With(CatalogNames names) => new(Stamp, Projects, Rows, Titles, names);

    internal static async Task<SearchVocabulary> BuildAsync(PortalDbContext db, int stamp)
    {
        // Not the request's token: other requests may be waiting for this build.
        var ct = CancellationToken.None;
        return new SearchVocabulary(
            stamp,
            await DistinctAsync(db, PortalSearch.ProjectSearch, ct),
            await DistinctAsync(db, PortalSearch.RowSearch, ct),
            await DistinctAsync(db, PortalSearch.TableTitleSearch, ct),
            null);
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
/// The one <see cref="SearchVocabulary"/> of this instance (a DI singleton): its texts read again when the publication
/// stamp of the catalog moves past them, its name indexes built again for each new catalog (a catalog is also rebuilt
/// after a rename, without a publication). Only one request builds each; the others wait for the same task.
/// </summary>
public sealed class SearchVocabularyCache
{
    private readonly SharedBuild<SearchVocabulary> _vocabulary = new();
    private readonly SharedBuild<CatalogNames> _names = new();

    /// <summary>The vocabulary built last, if any (for the warmer's tests and logs).</summary>
    public SearchVocabulary? Current => _vocabulary.Current is { } texts && _names.Current is { } names ? texts.With(names) : null;

    public async Task<SearchVocabulary> GetAsync(PortalDbContext db, PublishedCatalog catalog)
    {
        var texts = await _vocabulary.GetAsync(() => SearchVocabulary.BuildAsync(db, catalog.Stamp), vocabulary => vocabulary.Stamp >= catalog.Stamp);
        var names = await _names.GetAsync(() => Task.Run(() => new CatalogNames(catalog)), names => ReferenceEquals(names.Catalog, catalog));
        return texts.With(names);
    }
}
