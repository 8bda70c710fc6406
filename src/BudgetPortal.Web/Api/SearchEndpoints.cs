using BudgetPortal.Web.Data;
using BudgetPortal.Web.Search;

namespace BudgetPortal.Web.Api;

public sealed record SearchHitDto(
    string Type, string TypeLabel, string Title, string TitleHtml, string? Snippet, string? SnippetHtml, string Url, string Context,
    int? Year, string? Kind, int Score);

public sealed record SearchResponse(string Q, IReadOnlyList<string> Terms, int Count, bool Truncated, IReadOnlyList<SearchHitDto> Results);

/// <summary><c>GET /api/search?q=&amp;region=&amp;year=&amp;kind=</c>: the public search as JSON, ranked, with the matches marked.</summary>
public static class SearchEndpoints
{
    public static WebApplication MapSearchApi(this WebApplication app)
    {
        app.MapGet("/api/search", SearchAsync)
            .WithTags("搜索")
            .WithName("Search")
            .WithSummary("搜索部门、单位、公开文件、项目和文字说明")
            .Produces<SearchResponse>()
            .WithDescription("q 为关键词（空格分隔多个词，须全部出现；中文按子串匹配）；可按 region、year、kind 筛选。结果按相关程度排序，titleHtml/snippetHtml 中用 <mark> 标出匹配的词。")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> SearchAsync(PortalDbContext db, PublishedCatalogCache catalogs, SearchVocabularyCache vocabularies, string? q, string? region, int? year, string? kind, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return Results.Problem(statusCode: 400, title: "参数错误", detail: "请用参数 q 给出要查找的词。");
        }

        if (kind is not (null or "" or "budget" or "final"))
        {
            return Results.Problem(statusCode: 400, title: "参数错误", detail: "kind 只能是 budget（部门预算）或 final（部门决算）。");
        }

        var catalog = await catalogs.GetAsync(db, ct);
        var results = await PortalSearch.RunAsync(db, catalog, await vocabularies.GetAsync(db, catalog), new SearchQuery(q, region, year, kind), PortalSearch.NewestWindow, ct);
        var hits = results.Hits.Select(h => new SearchHitDto(
            h.TypeCode, h.TypeLabel, h.Title, Highlighter.ToHtml(h.Title, results.Terms), h.Snippet,
            h.Snippet is null ? null : Highlighter.ToHtml(h.Snippet, results.Terms), h.Url, h.Context, h.Year, h.Kind, h.Score)).ToList();
        return Results.Ok(new SearchResponse(SearchQuery.Normalize(q), results.Terms, hits.Count, results.Truncated, hits));
    }
}
