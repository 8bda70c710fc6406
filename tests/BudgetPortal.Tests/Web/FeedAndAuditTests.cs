using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using BudgetPortal.Tests.Infrastructure;
using CsvHelper;
using System.Globalization;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The Atom feed of publications and corrections, and the audit log's paging, folding and CSV export. Each test has its
/// own portal and database (<see cref="PortalPerTest{TFactory}"/>): the correction one test publishes is not in another's feed.
/// </summary>
public sealed class FeedAndAuditTests : PortalPerTest<StaffAppFactory>
{
    internal static SyndicationFeed Read(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        return SyndicationFeed.Load(reader);
    }

    [Fact]
    public async Task ACorrectionAppearsInTheFeedWithItsNote()
    {
        var staff = await StaffSession.SignInAsync(Factory, "staff.fushun@demo.budgetportal");
        var reviewer = await StaffSession.SignInAsync(Factory, "reviewer@demo.budgetportal");
        int published;
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            published = await db.Disclosures.Where(d => d.Slug == "fushun-2023-final").Select(d => d.CurrentVersionId!.Value).SingleAsync();
        }

        var corrected = await staff.PostFormAsync($"/staff/versions/{published}", "Correct", []);
        var version2 = int.Parse(corrected.RequestMessage!.RequestUri!.AbsolutePath["/staff/versions/".Length..], CultureInfo.InvariantCulture);
        await staff.PostFormAsync($"/staff/versions/{version2}", "Submit", new() { ["confirm"] = "true" });
        await reviewer.PostFormAsync($"/staff/versions/{version2}", "Approve", new() { ["approvedOn"] = "2024-06-01" });
        (await (await reviewer.PostFormAsync($"/staff/versions/{version2}", "Publish", new() { ["correctionNote"] = "更正表3一处笔误。", ["explanation"] = "原公开文件中的空白数字另行说明。" })).Content.ReadAsStringAsync())
            .ShouldContain("已公开");

        var feed = Read(await Factory.CreateClient().GetStringAsync("/feed.atom"));

        var first = feed.Items.First();
        first.Title.Text.ShouldStartWith("【更正】");
        ((TextSyndicationContent)first.Summary).Text.ShouldContain("更正表3一处笔误。");
        var page = await Factory.CreateClient().GetStringAsync("/disclosures/fushun-2023-final?version=1");
        page.ShouldContain("已被更正");
        page.ShouldContain("更正表3一处笔误。");
        (await Factory.CreateClient().GetStringAsync("/disclosures/fushun-2023-final")).ShouldContain("更正说明（第 2 版）");
    }

    [Fact]
    public async Task TheAuditLogIsPagedFoldsLongValuesAndExportsEveryLineAsCsv()
    {
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var home = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await staff.Client.GetStringAsync("/staff"));
        var department = home.QuerySelector("select[name='Draft.DepartmentId'] option")!.GetAttribute("value")!;
        await staff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = department, ["Draft.Year"] = "2039", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = "liaoning-province-budget",
        });
        var auditor = await StaffSession.SignInAsync(Factory, "auditor@demo.budgetportal");

        var page = await auditor.Client.GetStringAsync("/staff/audit");
        page.ShouldContain("每页 100 条");
        var csv = await auditor.Client.GetAsync("/staff/audit/csv");

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        using var reader = new CsvReader(new StreamReader(await csv.Content.ReadAsStreamAsync()), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        }

        rows[0][0].ShouldBe("编号");
        rows.ShouldContain(r => r[3] == "新建草稿" && r[2] == "staff@demo.budgetportal");
        var anonymous = await Factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/staff/audit/csv");
        anonymous.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}

/// <summary>The Atom feed as the seeded portal serves it: nothing is written, so the tests share one portal.</summary>
public sealed class PublicFeedTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task TheFeedListsEveryPublicationNewestFirstAndLinksItsVersion()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/feed.atom");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/atom+xml");
        var feed = FeedAndAuditTests.Read(await response.Content.ReadAsStringAsync());
        feed.Items.Count().ShouldBe(ReferenceFiles.All.Count);
        feed.Items.Select(i => i.PublishDate).ShouldBeInOrder(SortDirection.Descending);
        feed.Items.ShouldAllBe(i => i.Title.Text.StartsWith("【公开】"));
        var links = feed.Items.Select(i => i.Links.Single().Uri.AbsolutePath + i.Links.Single().Uri.Query).ToList();
        links.ShouldContain("/disclosures/fushun-2023-final?version=1");
        (await client.GetAsync(links[0])).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheFeedOfARegionHoldsOnlyItsDisclosuresAndUnknownOnesAre404()
    {
        var client = factory.CreateClient();
        var home = await client.GetStringAsync("/");
        var henan = System.Text.RegularExpressions.Regex.Match(home, "href=\"/regions/(\\d+)\">河南省").Groups[1].Value;

        var feed = FeedAndAuditTests.Read(await client.GetStringAsync($"/feed.atom?region={henan}"));

        feed.Items.Select(i => i.Links.Single().Uri.AbsolutePath).ShouldBe(["/disclosures/lushi-2023-budget"]);
        (await client.GetAsync("/feed.atom?region=999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/feed.atom?department=999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetStringAsync("/departments/1")).ShouldContain("/feed.atom?department=1");
    }
}
