using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Web;

/// <summary>The open-data API is documented at /openapi/v1.json, and every operation in the document is exercised here.</summary>
public sealed class OpenApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>One call per documented operation (method and path template) with what it must answer.</summary>
    private static readonly Dictionary<string, (string Url, string ContentType)> Calls = new()
    {
        ["GET /api/disclosures"] = ("/api/disclosures?kind=budget&region=" + Uri.EscapeDataString("辽宁省"), "application/json"),
        ["GET /api/disclosures/{id}"] = ("/api/disclosures/lushi-2023-budget", "application/json"),
        ["GET /api/disclosures/{id}/checks"] = ("/api/disclosures/anshan-2025-budget/checks", "application/json"),
        ["GET /api/search"] = ("/api/search?q=" + Uri.EscapeDataString("卢氏"), "application/json"),
        ["GET /api/bulk"] = ("/api/bulk?region=" + Uri.EscapeDataString("河南省") + "&format=csv", "application/zip"),
    };

    private async Task<JsonElement> DocumentAsync() => await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    private static IEnumerable<(string Key, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value)));

    [Fact]
    public async Task TheDocumentIsServedAndWellFormed()
    {
        var document = await DocumentAsync();

        document.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("预决算公开平台开放数据接口");
        var operations = Operations(document).ToList();
        operations.ShouldNotBeEmpty();
        operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ShouldBeUnique();
        foreach (var (key, operation) in operations)
        {
            operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace(key);
            operation.GetProperty("responses").TryGetProperty("200", out _).ShouldBeTrue(key);
        }
    }

    [Fact]
    public async Task EveryDocumentedOperationIsExercised()
    {
        var documented = Operations(await DocumentAsync()).Select(o => o.Key).Order().ToList();

        documented.ShouldBe(Calls.Keys.Order().ToList(), "every operation of /openapi/v1.json needs a call in OpenApiTests.Calls");
        foreach (var (key, (url, contentType)) in Calls)
        {
            var response = await _client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, key);
            response.Content.Headers.ContentType!.MediaType.ShouldBe(contentType, key);
        }
    }

    [Fact]
    public async Task DocumentedParametersAreTheOnesTheApiReads()
    {
        var document = await DocumentAsync();
        var list = Operations(document).Single(o => o.Key == "GET /api/disclosures").Operation;

        list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["year", "kind", "region", "department", "offset", "limit"], ignoreOrder: true);
    }
}
