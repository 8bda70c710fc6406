using System.Globalization;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The published catalog's indexes by region and year (what the region overview reads instead of walking every year
/// of a province) and its renewal by age beside the catalog in use (decision 0470).
/// </summary>
public sealed class PublishedCatalogTests : PortalPerTest<PortalAppFactory>
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A catalog cache of its own on the test's portal (the portal's own may have been built before the test changed anything).</summary>
    private PublishedCatalogCache NewCache(TimeProvider clock) =>
        new(clock, Factory.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<PublishedCatalogCache>.Instance);

    [Fact]
    public async Task TheIndexesByRegionAndYearHoldWhatTheListHoldsAndEveryDepartmentPublishedOrNot()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var region = await db.Regions.Where(r => r.Name == "抚顺市").SingleAsync();
        db.Departments.Add(new Department { Name = "抚顺市尚未公开局", RegionId = region.Id });
        await db.SaveChangesAsync();

        var catalog = await NewCache(TimeProvider.System).GetAsync(db, default);

        catalog.Disclosures.ShouldNotBeEmpty();
        foreach (var regionId in catalog.Disclosures.Select(d => d.RegionId).Distinct())
        {
            var years = catalog.Disclosures.Where(d => d.RegionId == regionId).Select(d => d.Year).Distinct().OrderDescending().ToList();
            catalog.YearsIn(regionId).ShouldBe(years);
            foreach (var year in years)
            {
                catalog.InRegion(regionId, year).ShouldBe(catalog.Disclosures.Where(d => d.RegionId == regionId && d.Year == year).ToList());
            }
        }

        catalog.InRegion(region.Id, 1990).ShouldBeEmpty();
        catalog.YearsIn(-1).ShouldBeEmpty();
        var departments = catalog.DepartmentsIn(region.Id);
        departments.Select(d => d.Name).ShouldBe(
            await db.Departments.Where(d => d.RegionId == region.Id).Select(d => d.Name).ToListAsync(), ignoreOrder: true);
        departments.ShouldContain(d => d.Name == "抚顺市尚未公开局");

        // The rank orders names as comparing them with the culture does (the overview's sort by department).
        var all = (await db.Departments.Select(d => d.RegionId).Distinct().ToListAsync()).SelectMany(catalog.DepartmentsIn).ToList();
        var byCulture = all.Select(d => d.Name).Distinct().Order(StringComparer.CurrentCulture).ToList();
        all.OrderBy(d => d.NameRank).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Name).Distinct().ShouldBe(byCulture);
        all.ShouldAllBe(d => all.All(o => (o.NameRank == d.NameRank) == (CultureInfo.CurrentCulture.CompareInfo.Compare(o.Name, d.Name) == 0)));
    }

    [Fact]
    public async Task AnOldCatalogIsServedWhileItsRenewalIsBuiltAndAPublicationShowsAtOnce()
    {
        var clock = new ManualClock();
        var cache = NewCache(clock);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var first = await cache.GetAsync(db, default);
        var region = await db.Regions.Where(r => r.Name == "抚顺市").SingleAsync();
        db.Departments.Add(new Department { Name = "抚顺市新设局", RegionId = region.Id });
        await db.SaveChangesAsync();

        (await cache.GetAsync(db, default)).ShouldBeSameAs(first);
        clock.Now += PublishedCatalogCache.MaxAge;

        // Past its age the catalog in use is still answered at once; its renewal is built beside it and then takes its place.
        (await cache.GetAsync(db, default)).ShouldBeSameAs(first);
        var renewed = first;
        for (var i = 0; i < 600 && ReferenceEquals(renewed, first); i++)
        {
            await Task.Delay(50);
            renewed = await cache.GetAsync(db, default);
        }

        renewed.ShouldNotBeSameAs(first, "the catalog was not renewed within half a minute");
        renewed.BuiltAt.ShouldBe(clock.Now);
        renewed.DepartmentsIn(region.Id).ShouldContain(d => d.Name == "抚顺市新设局");
        first.DepartmentsIn(region.Id).ShouldNotContain(d => d.Name == "抚顺市新设局");

        // A publication is not waited out like an age: the next request gets a catalog that holds it.
        var built = await DisclosureBuilder.ForDepartment("目录即时局").InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("1", "expenditure", "支出表", ("amount", "金额")).WithCodedRow("2010101", "行政运行", 1m).Build())
            .SaveAsync(Factory.Services);
        var next = await cache.GetAsync(db, default);
        next.ShouldNotBeSameAs(renewed);
        next.ByVersion.ContainsKey(built.VersionId).ShouldBeTrue();
    }
}

/// <summary>A value renewed beside the one in use (<see cref="SharedBuild{T}.RenewAsync"/>).</summary>
public sealed class SharedBuildTests
{
    private sealed record Value(int N);

    [Fact]
    public async Task ARenewalTakesThePlaceOfTheValueItRenewsOnly()
    {
        var build = new SharedBuild<Value>();
        var first = await build.GetAsync(() => Task.FromResult(new Value(1)), _ => true);

        var gate = new TaskCompletionSource();
        var renewal = build.RenewAsync(first, async () =>
        {
            await gate.Task;
            return new Value(2);
        });
        (await build.GetAsync(() => Task.FromResult(new Value(9)), _ => true)).ShouldBeSameAs(first);
        gate.SetResult();
        (await renewal).ShouldBeTrue();
        (await build.GetAsync(() => Task.FromResult(new Value(9)), _ => true)).N.ShouldBe(2);

        // A value that was replaced meanwhile (a build for newer data) is kept: the older renewal is dropped.
        var current = build.Current!;
        gate = new TaskCompletionSource();
        renewal = build.RenewAsync(current, async () =>
        {
            await gate.Task;
            return new Value(3);
        });
        (await build.GetAsync(() => Task.FromResult(new Value(4)), v => v.N >= 4)).N.ShouldBe(4);
        gate.SetResult();
        (await renewal).ShouldBeFalse();
        build.Current!.N.ShouldBe(4);
        (await build.RenewAsync(current, () => Task.FromResult(new Value(5)))).ShouldBeFalse();
        build.Current!.N.ShouldBe(4);
    }
}
