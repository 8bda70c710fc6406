using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Search;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Api;

public sealed record DisclosureListItem(
    string Id, string Title, string Department, string Region, IReadOnlyList<string> RegionPath, int Year, string Kind,
    string Status, int? Version, DateTimeOffset? PublishedAt, IReadOnlyDictionary<string, string> Links);

/// <summary>The open-data JSON API: lists of disclosures and whole disclosures in the exchange format.</summary>
public static class DisclosureEndpoints
{
    public static WebApplication MapPortalApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("公开文件");
        api.MapGet("/disclosures", ListAsync)
            .WithName("ListDisclosures")
            .WithSummary("已公开的部门预算和决算列表")
            .WithDescription("按年度（year）、类型（kind：budget 部门预算 / final 部门决算）、地区名称（region，含下级地区）和部门名称片段（department）筛选。每项给出 id、部门、地区、年度、类型、状态、现行版本和各种格式的链接（links）。按年度从新到旧排列；可用 offset 和 limit（1–5000）分段读取，响应头 X-Total-Count 给出符合条件的总数。")
            .Produces<List<DisclosureListItem>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/disclosures/{id}", GetAsync)
            .WithName("GetDisclosure")
            .WithSummary("一份公开文件的全部内容")
            .WithDescription("交换格式 budgetportal/disclosure@1（见 docs/disclosure-format.md）：全部表格（表号、标题、单位、多级表头、各行的编码、名称、级次和数值；空白为 null，与 0.00 不同）和文字说明。version 指定历史版本，缺省为现行版本。")
            .Produces<DisclosureDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/disclosures/{id}/checks", ChecksAsync)
            .WithName("GetDisclosureChecks")
            .WithSummary("勾稽关系检查结果")
            .WithDescription("按所属表套的规则核对：每项给出规则（rule 及其说明 title）、结果（severity：pass 通过 / rounding 尾差 / hint 提示 / warning 警告 / error 错误 / info 信息，severityLabel 为其中文）、位置（表、行、列）、应为、实为、差额和允许尾差。")
            .Produces<CheckReportDto>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static Dictionary<string, string> LinksFor(string slug) => new()
    {
        ["html"] = $"/disclosures/{slug}",
        ["json"] = $"/api/disclosures/{slug}",
        ["checks"] = $"/api/disclosures/{slug}/checks",
        ["pdf"] = $"/disclosures/{slug}/pdf",
        ["xlsx"] = $"/disclosures/{slug}/xlsx",
    };

    private static async Task<IResult> ChecksAsync(DocumentLoader documents, DisclosureCheckService checks, string id, int? version, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(id, version, ct);
        if (document is null)
        {
            return Results.Problem(statusCode: 404, title: "未找到公开文件", detail: $"没有标识为“{id}”的已公开文件。");
        }

        return Results.Ok(CheckReportDto.From(await checks.RunAsync(document, ct), await checks.RulesAsync(document, ct)));
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, PortalDbContext db, PublishedCatalogCache catalogs, int? year, string? kind, string? region, string? department, int? offset, int? limit, CancellationToken ct)
    {
        if (kind is not null and not (DisclosureKinds.Budget or DisclosureKinds.Final))
        {
            return Results.Problem(statusCode: 400, title: "参数错误", detail: "kind 只能是 budget（部门预算）或 final（部门决算）。");
        }

        if (offset is < 0 || limit is < 1 or > MaxLimit)
        {
            return Results.Problem(statusCode: 400, title: "参数错误", detail: $"offset 不能为负数，limit 须在 1 到 {MaxLimit} 之间。");
        }

        var (items, total) = DisclosureSearch.FindPublishedPage(
            await catalogs.GetAsync(context, db, ct), new DisclosureFilter(year, kind, region, department), offset ?? 0, limit);
        context.Response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Ok(items);
    }

    /// <summary>The largest page of the list API; without <c>limit</c> the whole list comes at once.</summary>
    private const int MaxLimit = 5000;

    private static async Task<IResult> GetAsync(DocumentLoader documents, string id, int? version, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(id, version, ct);
        if (document is null)
        {
            return Results.Problem(statusCode: 404, title: "未找到公开文件", detail: $"没有标识为“{id}”的已公开文件{(version is null ? "" : $"（第 {version} 版）")}。");
        }

        return Results.Json(document with { Links = LinksFor(document.Slug) }, DisclosureJson.Create(indented: false));
    }
}
