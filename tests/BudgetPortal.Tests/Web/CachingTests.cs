using System.Net;
using System.Net.Http.Headers;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Data.Seeding;
using BudgetPortal.Web.Hosting;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Http;
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
    [InlineData("/disclosures/fushun-2023-final/xlsx?table=1")]
    [InlineData("/disclosures/fushun-2023-final/checks/xlsx")]
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
            (await workflow.SubmitAsync(correction.Value, confirmed: false, CancellationToken.None)).ShouldBeNull();
            (await workflow.ApproveAsync(correction.Value, new DateOnly(2030, 3, 1), CancellationToken.None)).ShouldBeNull();
            (await workflow.PublishAsync(correction.Value, "更正说明文字。", null, CancellationToken.None)).ShouldBeNull();
        }

        var second = await _client.GetAsync(url);
        (await second.Content.ReadAsStringAsync()).ShouldContain("第二版的说明。");
        second.Headers.ETag.ShouldNotBeNull();
        second.Headers.ETag.ShouldNotBe(first.Headers.ETag);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/disclosures/fushun-2023-final")]
    [InlineData("/search?q=%E7%BB%8F%E8%B4%B9")]
    public async Task AnAddressIsStoredFromItsSecondRequestOnly(string url)
    {
        // A query string of its own, so that no other test has asked for this address. The output cache marks what it
        // serves with Age; a rendered answer has none.
        var address = $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}admission={Guid.NewGuid():N}";
        var first = await _client.GetAsync(address);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.Age.ShouldBeNull("the first request is rendered");
        var second = await _client.GetAsync(address);
        second.Headers.Age.ShouldBeNull("asked for once before, it was not stored: the second request is rendered too");
        var third = await _client.GetAsync(address);
        third.Headers.Age.ShouldNotBeNull("stored by the second request, the third is answered from the cache");
        (await third.Content.ReadAsByteArrayAsync()).ShouldBe(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void AdmissionRemembersAnAddressUntilAnotherTakesItsSlot()
    {
        var admission = new CacheAdmission();
        HttpRequest Request(string path, string query = "")
        {
            var context = new DefaultHttpContext();
            context.Request.Host = new HostString("portal.example");
            context.Request.Path = path;
            context.Request.QueryString = new QueryString(query);
            return context.Request;
        }

        admission.SeenBefore(Request("/a")).ShouldBeFalse();
        admission.SeenBefore(Request("/a")).ShouldBeTrue();
        admission.SeenBefore(Request("/a", "?x=1")).ShouldBeFalse("another query string is another address");
        admission.SeenBefore(Request("/b")).ShouldBeFalse();
        admission.SeenBefore(Request("/a")).ShouldBeTrue();

        // Addresses enough to fill every slot many times over (16 per slot: the chance that /a's slot is never taken is
        // e^-16): none is admitted on its first request, and /a is forgotten, the table staying its fixed size.
        var flood = Request("/u");
        var admittedAtOnce = 0;
        for (var i = 0; i < 16 * CacheAdmission.Slots; i++)
        {
            flood.QueryString = new QueryString($"?u={i}");
            admittedAtOnce += admission.SeenBefore(flood) ? 1 : 0;
        }

        admittedAtOnce.ShouldBeLessThan(10, "only a hash collision admits an address the first time");
        admission.SeenBefore(Request("/a")).ShouldBeFalse("its slot was taken by a newer address");
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
