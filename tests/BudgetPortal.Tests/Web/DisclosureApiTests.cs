using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Web;

public sealed class DisclosureApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<DisclosureDocument> GetDocumentAsync(string id)
    {
        var json = await _client.GetStringAsync($"/api/disclosures/{id}");
        return DisclosureJson.Parse(json, id);
    }

    [Fact]
    public async Task ListHasTheFiveReferenceDisclosuresWithDepartmentYearAndKind()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/disclosures");

        var items = list.EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString(), e.GetProperty("department").GetString(), e.GetProperty("year").GetInt32(), e.GetProperty("kind").GetString()))
            .OrderBy(x => x.Item1)
            .ToList();
        items.ShouldBe(
        [
            ("anshan-2025-budget", "鞍山市医疗保障局", 2025, "budget"),
            ("fushun-2023-final", "辽宁省抚顺市医疗保障局", 2023, "final"),
            ("liaoning-2023-budget", "辽宁省医疗保障局", 2023, "budget"),
            ("lushi-2023-budget", "卢氏县医疗保障局", 2023, "budget"),
            ("shenyang-2024-final", ReferenceFiles.BySlug("shenyang-2024-final").Department.Name, 2024, "final"),
        ]);
        list.EnumerateArray().ShouldAllBe(e => e.GetProperty("status").GetString() == "published");
        list.EnumerateArray().First().GetProperty("links").GetProperty("html").GetString()!.ShouldStartWith("/disclosures/");
    }

    [Theory]
    [InlineData("year=2023", new[] { "fushun-2023-final", "liaoning-2023-budget", "lushi-2023-budget" })]
    [InlineData("kind=final", new[] { "fushun-2023-final", "shenyang-2024-final" })]
    [InlineData("region=河南省", new[] { "lushi-2023-budget" })]
    [InlineData("region=辽宁省&kind=budget", new[] { "anshan-2025-budget", "liaoning-2023-budget" })]
    [InlineData("department=抚顺", new[] { "fushun-2023-final" })]
    public async Task ListFilters(string query, string[] expected)
    {
        var list = await _client.GetFromJsonAsync<JsonElement>($"/api/disclosures?{query}");

        list.EnumerateArray().Select(e => e.GetProperty("id").GetString()).Order().ShouldBe(expected.Order());
    }

    [Fact]
    public async Task ListRejectsUnknownKindWithProblemDetails()
    {
        var response = await _client.GetAsync("/api/disclosures?kind=annual");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("budget（部门预算）或 final（部门决算）");
    }

    [Fact]
    public async Task UnknownDisclosureIsA404ProblemInChinese()
    {
        var response = await _client.GetAsync("/api/disclosures/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("未找到公开文件");
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public async Task ApiReturnsTheReferenceDocumentExactlyAsStored(string slug)
    {
        var fromApi = await GetDocumentAsync(slug);
        var fromFile = ReferenceFiles.BySlug(slug);

        var normalized = fromApi with { Id = null, Status = null, Version = null, PublishedAt = null, Links = null };
        DisclosureJson.Serialize(normalized).ShouldBe(DisclosureJson.Serialize(fromFile));
        fromApi.Links!["json"].ShouldBe($"/api/disclosures/{slug}");
        fromApi.Version.ShouldBe(1);
    }

    [Fact]
    public async Task HealthReportsTheDatabase()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/health");

        health.GetProperty("status").GetString().ShouldBe("Healthy");
        health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }
}
