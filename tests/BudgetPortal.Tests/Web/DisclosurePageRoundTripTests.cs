using System.Diagnostics;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Entities;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// What an uncached request for a disclosure page whose rendering is kept asks the database (decision 0460): the
/// publication and code-list stamps in one round trip, the version's header with its department's units and its
/// region's trail in another. Each request is told apart from every other one (other tests, background work) by a
/// trace id of its own, sent as <c>traceparent</c>.
/// </summary>
public sealed class DisclosurePageRoundTripTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(string Html, IReadOnlyList<string> Commands)> TracedAsync(string url)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var commands = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == traceId)
                {
                    lock (commands)
                    {
                        commands.Add($"{activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement") ?? activity.DisplayName}");
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        lock (commands)
        {
            return (html, [.. commands]);
        }
    }

    private static string Breadcrumb(string html) =>
        System.Text.RegularExpressions.Regex.Replace(new HtmlParser().ParseDocument(html).QuerySelector("nav.breadcrumb")!.TextContent, @"\s+", "");

    [Fact]
    public async Task AKeptPageIsServedWithTwoRoundTrips()
    {
        var built = await DisclosureBuilder.ForDepartment("往返计数局").InRegion("往返省", "往返市")
            .WithUnit("101001", "往返计数局本级", "本级", "行政单位").InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("表1", "expenditure", "支出表", ("total", "合计")).WithCodedRow("213", "农林水支出", 12.5m).Build())
            .SaveAsync(factory.Services);
        await _client.GetStringAsync($"/disclosures/{built.Slug}?rt=0");

        var (html, commands) = await TracedAsync($"/disclosures/{built.Slug}?rt=1");

        commands.Count.ShouldBe(2, string.Join("\n", commands));
        Breadcrumb(html).ShouldContain("往返省›往返市›往返计数局");
    }

    [Fact]
    public async Task ARegionDeeperThanFourLevelsIsShownWithItsWholeTrail()
    {
        var built = await DisclosureBuilder.ForDepartment("往返深层局").InRegion("深层省", "深层市", "深层区", "深层街道", "深层社区")
            .InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("表1", "expenditure", "支出表", ("total", "合计")).WithCodedRow("213", "农林水支出", 3m).Build())
            .SaveAsync(factory.Services);

        var (html, _) = await TracedAsync($"/disclosures/{built.Slug}?rt=1");

        Breadcrumb(html).ShouldContain("深层省›深层市›深层区›深层街道›深层社区›往返深层局");
    }
}
