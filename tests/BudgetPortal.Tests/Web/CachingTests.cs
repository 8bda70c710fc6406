using System.Net;
using System.Net.Http.Headers;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Data.Seeding;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
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
    public async Task TheSameAddressGetsANewETagWhenItsContentChanges()
    {
        var built = await DisclosureBuilder.ForDepartment("缓存核对局").InState(VersionStatus.Published)
            .WithSection("overview", "一、部门概况", "第一版的说明。").SaveAsync(factory.Services);
        var url = $"/disclosures/{built.Slug}";
        var first = await _client.GetAsync(url);
        (await first.Content.ReadAsStringAsync()).ShouldContain("第一版的说明。");
        (await _client.GetAsync(url)).Headers.ETag.ShouldBe(first.Headers.ETag);

        // A correction with other text, published through the workflow like staff would.
        using (var scope = factory.Services.CreateScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<VersionWorkflow>();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var (correction, error) = await workflow.StartCorrectionAsync(built.DisclosureId, CancellationToken.None);
            error.ShouldBeNull();
            await db.Database.ExecuteSqlAsync($"UPDATE narrative_sections SET body = '第二版的说明。' WHERE version_id = {correction!.Value}");
            (await workflow.SubmitAsync(correction.Value, CancellationToken.None)).ShouldBeNull();
            (await workflow.ApproveAsync(correction.Value, new DateOnly(2030, 3, 1), CancellationToken.None)).ShouldBeNull();
            (await workflow.PublishAsync(correction.Value, "更正说明文字。", CancellationToken.None)).ShouldBeNull();
        }

        var second = await _client.GetAsync(url);
        (await second.Content.ReadAsStringAsync()).ShouldContain("第二版的说明。");
        second.Headers.ETag.ShouldNotBeNull();
        second.Headers.ETag.ShouldNotBe(first.Headers.ETag);
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
