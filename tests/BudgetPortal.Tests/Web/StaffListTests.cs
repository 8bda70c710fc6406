using System.Net;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The workspace and deadline lists stay usable however many disclosures a scope holds: filtered and paged. Each test has
/// its own portal and database (<see cref="PortalPerTest{TFactory}"/>): the draft one test makes is not in another's lists.
/// </summary>
public sealed class StaffListTests : PortalPerTest<StaffAppFactory>
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task TheWorkspaceShowsVersionsInProgressFirstAndFiltersTheRest()
    {
        var (staff, versionId) = await StaffDrafts.CreateAsync(Factory, "辽宁省医疗保障局", 2031, "liaoning-province-budget");
        var versionPath = $"/staff/versions/{versionId}";

        var page = Parser.ParseDocument(await staff.Client.GetStringAsync("/staff"));
        var inProgress = page.QuerySelector("section[aria-labelledby=in-progress]")!;
        inProgress.QuerySelector("h2")!.TextContent.ShouldBe("办理中（1 个版本）");
        inProgress.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldBe([versionPath]);
        inProgress.TextContent.ShouldContain("草稿");

        var year2023 = Parser.ParseDocument(await staff.Client.GetStringAsync("/staff?year=2023"));
        var titles = year2023.QuerySelectorAll("section[aria-labelledby=mine] tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()).ToList();
        titles.ShouldNotBeEmpty();
        titles.ShouldAllBe(t => t.Contains("2023"));
        year2023.QuerySelector("section[aria-labelledby=mine] .results-heading")!.TextContent.ShouldStartWith("共 1 份");

        var none = Parser.ParseDocument(await staff.Client.GetStringAsync("/staff?q=" + Uri.EscapeDataString("没有这个部门")));
        none.QuerySelector("section[aria-labelledby=mine]")!.TextContent.ShouldContain("没有符合条件的公开文件");
        none.QuerySelector("section[aria-labelledby=in-progress]").ShouldNotBeNull("work in progress is shown whatever the filter");
    }

    [Fact]
    public async Task DeadlinesAreCountedByStateAndFilteredByStateAndYear()
    {
        var admin = await StaffSession.SignInAsync(Factory, "admin@demo.budgetportal");
        var all = Parser.ParseDocument(await admin.Client.GetStringAsync("/staff/deadlines"));
        var options = all.QuerySelectorAll("select[name=state] option").Skip(1)
            .Select(o => (Code: o.GetAttribute("value")!, Count: int.Parse(o.TextContent.Split('（', '）')[1]))).ToList();
        var rows = all.QuerySelectorAll("table.deadlines tbody tr").ToList();

        options.Sum(o => o.Count).ShouldBe(rows.Count);
        foreach (var (code, count) in options.Where(o => o.Count > 0))
        {
            var filtered = Parser.ParseDocument(await admin.Client.GetStringAsync($"/staff/deadlines?state={code}"));
            filtered.QuerySelectorAll("table.deadlines tbody tr").Select(r => r.ClassName).ShouldBe(Enumerable.Repeat($"deadline-{code}", count));
        }

        var year = all.QuerySelectorAll("select[name=year] option").Skip(1).First().GetAttribute("value")!;
        var ofYear = Parser.ParseDocument(await admin.Client.GetStringAsync($"/staff/deadlines?year={year}"));
        ofYear.QuerySelectorAll("table.deadlines tbody tr td:nth-child(2)").Select(td => td.TextContent).ShouldAllBe(t => t.Contains(year));
        (await admin.Client.GetAsync("/staff/deadlines?p=99")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
