using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
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
        var api = app.MapGroup("/api");
        api.MapGet("/disclosures", ListAsync);
        api.MapGet("/disclosures/{id}", GetAsync);
        api.MapGet("/disclosures/{id}/checks", ChecksAsync);
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

    private static async Task<IResult> ChecksAsync(PortalDbContext db, DisclosureCheckService checks, string id, int? version, CancellationToken ct)
    {
        var document = await db.LoadPublishedDocumentAsync(id, version, ct);
        if (document is null)
        {
            return Results.Problem(statusCode: 404, title: "未找到公开文件", detail: $"没有标识为“{id}”的已公开文件。");
        }

        return Results.Ok(CheckReportDto.From(await checks.RunAsync(document, ct)));
    }

    private static async Task<IResult> ListAsync(
        PortalDbContext db, int? year, string? kind, string? region, string? department, CancellationToken ct)
    {
        if (kind is not null and not (DisclosureKinds.Budget or DisclosureKinds.Final))
        {
            return Results.Problem(statusCode: 400, title: "参数错误", detail: "kind 只能是 budget（部门预算）或 final（部门决算）。");
        }

        var items = await DisclosureSearch.FindPublishedAsync(db, new DisclosureFilter(year, kind, region, department), ct);
        return Results.Ok(items);
    }

    private static async Task<IResult> GetAsync(PortalDbContext db, string id, int? version, CancellationToken ct)
    {
        var document = await db.LoadPublishedDocumentAsync(id, version, ct);
        if (document is null)
        {
            return Results.Problem(statusCode: 404, title: "未找到公开文件", detail: $"没有标识为“{id}”的已公开文件{(version is null ? "" : $"（第 {version} 版）")}。");
        }

        return Results.Json(document with { Links = LinksFor(document.Slug) }, DisclosureJson.Create(indented: false));
    }
}

public sealed record DisclosureFilter(int? Year, string? Kind, string? Region, string? Department);

/// <summary>The published-disclosure query shared by the home page and the list API.</summary>
public static class DisclosureSearch
{
    public static async Task<List<DisclosureListItem>> FindPublishedAsync(PortalDbContext db, DisclosureFilter filter, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.Name, r.ParentId }).ToListAsync(ct);
        var byId = regions.ToDictionary(r => r.Id);
        List<string> PathOf(int id)
        {
            var path = new List<string>();
            for (int? cur = id; cur is { } c && byId.TryGetValue(c, out var r); cur = r.ParentId)
            {
                path.Insert(0, r.Name);
            }

            return path;
        }

        var query = db.Published().AsNoTracking();
        if (filter.Year is { } year)
        {
            query = query.Where(d => d.Year == year);
        }

        if (filter.Kind is { } kind)
        {
            var k = DisclosureMapper.ParseKind(kind);
            query = query.Where(d => d.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(filter.Region))
        {
            var name = filter.Region.Trim();
            var matching = regions.Where(r => PathOf(r.Id).Contains(name)).Select(r => r.Id).ToList();
            query = query.Where(d => matching.Contains(d.Department.RegionId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Department))
        {
            var fragment = filter.Department.Trim();
            query = query.Where(d => d.Department.Name.Contains(fragment));
        }

        var rows = await query
            .OrderByDescending(d => d.Year).ThenBy(d => d.Department.RegionId).ThenBy(d => d.Department.Name).ThenBy(d => d.Kind)
            .Select(d => new
            {
                d.Slug,
                d.Title,
                Department = d.Department.Name,
                d.Department.RegionId,
                d.Year,
                d.Kind,
                Version = d.CurrentVersion!.Number,
                d.CurrentVersion.PublishedAt,
            })
            .ToListAsync(ct);

        return rows.Select(r =>
        {
            var path = PathOf(r.RegionId);
            return new DisclosureListItem(r.Slug, r.Title, r.Department, path.LastOrDefault() ?? "", path, r.Year,
                DisclosureMapper.KindCode(r.Kind), "published", r.Version, r.PublishedAt, DisclosureEndpoints.LinksFor(r.Slug));
        }).ToList();
    }
}
