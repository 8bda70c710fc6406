using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Api;

/// <summary>
/// <c>GET /feed.atom[?region=&amp;department=]</c>: an Atom feed of publications and corrections (every published
/// version, newest first), for everything, a region with the regions under it, or one department — so that journalists
/// and auditors follow publications without visiting.
/// </summary>
public static class FeedEndpoints
{
    private const int Entries = 50;

    public static WebApplication MapFeeds(this WebApplication app)
    {
        app.MapGet("/feed.atom", FeedAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> FeedAsync(HttpContext http, PortalDbContext db, int? region, int? department, CancellationToken ct)
    {
        var versions = db.Versions.AsNoTracking().Where(v => v.Status == VersionStatus.Published);
        var title = "预决算公开平台：最新公开与更正";
        if (department is { } departmentId)
        {
            var name = await db.Departments.Where(d => d.Id == departmentId).Select(d => d.Name).SingleOrDefaultAsync(ct);
            if (name is null)
            {
                return Results.Problem(statusCode: 404, title: "找不到该部门", detail: $"没有编号为 {departmentId} 的部门。");
            }

            versions = versions.Where(v => v.Disclosure.DepartmentId == departmentId);
            title = $"{name}：最新公开与更正";
        }
        else if (region is { } regionId)
        {
            var tree = await RegionTree.LoadAsync(db, ct);
            if (tree.Find(regionId) is not { } node)
            {
                return Results.Problem(statusCode: 404, title: "找不到该地区", detail: $"没有编号为 {regionId} 的地区。");
            }

            var ids = tree.IdsUnder(regionId);
            versions = versions.Where(v => ids.Contains(v.Disclosure.Department.RegionId));
            title = $"{string.Join("", tree.PathOf(node.Id))}：最新公开与更正";
        }

        var lines = await versions
            .OrderByDescending(v => v.PublishedAt ?? v.CreatedAt).ThenByDescending(v => v.Id)
            .Take(Entries)
            .Select(v => new
            {
                v.Number,
                // A disclosure imported without a stated publication date (history, reference data) appears on the
                // day it came onto the portal.
                PublishedAt = v.PublishedAt ?? v.CreatedAt,
                Dated = v.PublishedAt != null,
                v.CorrectionNote,
                v.ApprovedOn,
                v.Disclosure.Slug,
                v.Disclosure.Title,
                v.Disclosure.Year,
                v.Disclosure.Kind,
                Department = v.Disclosure.Department.Name,
            })
            .ToListAsync(ct);

        var site = $"{http.Request.Scheme}://{http.Request.Host}";
        var self = site + http.Request.Path + http.Request.QueryString;
        var feed = new SyndicationFeed(title, "各部门预算、决算的公开与更正", new Uri(site + "/"), self, lines.Count > 0 ? lines[0].PublishedAt : DateTimeOffset.UnixEpoch);
        feed.Links.Add(new SyndicationLink(new Uri(self), "self", title, "application/atom+xml", 0));
        feed.Items = lines.Select(l =>
        {
            var kind = DisclosureKinds.ToChinese(DisclosureMapper.KindCode(l.Kind));
            var corrected = l.Number > 1;
            var url = $"{site}/disclosures/{Uri.EscapeDataString(l.Slug)}?version={l.Number}";
            var summary = corrected
                ? $"{l.Department}{l.Year} 年度{kind}更正为第 {l.Number} 版。更正说明：{l.CorrectionNote}"
                : $"{l.Department}{l.Year} 年度{kind}公开。" + (l.ApprovedOn is { } a ? $"批复日期：{a:yyyy-MM-dd}。" : "") + (l.Dated ? "" : "公开日期：文件未载明。");
            var item = new SyndicationItem((corrected ? "【更正】" : "【公开】") + l.Title, summary, new Uri(url), url, l.PublishedAt)
            {
                PublishDate = l.PublishedAt,
                Summary = new TextSyndicationContent(summary),
            };
            item.Authors.Add(new SyndicationPerson { Name = l.Department });
            item.Categories.Add(new SyndicationCategory(kind));
            return item;
        }).ToList();

        var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }
}
