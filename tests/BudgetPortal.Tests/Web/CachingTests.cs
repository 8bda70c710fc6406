using System.Net;
using System.Net.Http.Headers;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>Published content is cached and revalidated like a static file, and a publication is visible at once.</summary>
public sealed class CachingTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/disclosures/fushun-2023-final")]
    [InlineData("/disclosures/fushun-2023-final?table=5")]
    [InlineData("/disclosures/fushun-2023-final/pdf?table=1")]
    [InlineData("/api/disclosures/fushun-2023-final")]
    [InlineData("/api/disclosures/fushun-2023-final/checks")]
    [InlineData("/")]
    public async Task PublishedContentHasAStrongETagAndRevalidatesTo304(string url)
    {
        var first = await _client.GetAsync(url);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag.ShouldNotBeNull();
        etag.IsWeak.ShouldBeFalse();
        first.Headers.CacheControl!.Public.ShouldBeTrue();

        var again = await _client.GetAsync(url);
        again.Headers.ETag.ShouldBe(etag);
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync());

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await _client.SendAsync(revalidate);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync()).Length.ShouldBe(0);
    }

    [Fact]
    public async Task DifferentContentHasDifferentETags()
    {
        var a = await _client.GetAsync("/disclosures/fushun-2023-final");
        var b = await _client.GetAsync("/disclosures/shenyang-2024-final");

        a.Headers.ETag.ShouldNotBe(b.Headers.ETag);
    }

    [Fact]
    public async Task HealthAndErrorsAreNotCached()
    {
        (await _client.GetAsync("/health")).Headers.ETag.ShouldBeNull();
        var missing = await _client.GetAsync("/disclosures/no-such-disclosure");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Headers.ETag.ShouldBeNull();
    }

    [Fact]
    public async Task APublicationEvictsTheCacheAndChangesTheETags()
    {
        var before = await _client.GetAsync("/");
        (await before.Content.ReadAsStringAsync()).ShouldNotContain("缓存测试局");

        var document = ReferenceFiles.BySlug("lushi-2023-budget") with
        {
            Slug = "cache-2023-budget",
            Title = "缓存测试局2023年部门预算",
            Department = new DepartmentInfo { Name = "缓存测试局", Units = [] },
        };
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportPublishedAsync(document, CancellationToken.None);
        }

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/");
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await _client.SendAsync(revalidate);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        (await after.Content.ReadAsStringAsync()).ShouldContain("缓存测试局");
    }
}
