using System.Net.Http.Json;
using System.Text.Json;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>Synthetic disclosures for scale tests: generated at start-up, listed, readable, and as clean as their templates.</summary>
public sealed class SyntheticDataTests(SyntheticDataTests.Factory factory) : IClassFixture<SyntheticDataTests.Factory>
{
    public sealed class Factory : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Enough for two cities of one province (twenty departments per city), few enough to generate in seconds.
            builder.UseSetting("Portal:SyntheticDisclosures", "300");
        }
    }

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task GeneratedDisclosuresAreListedReadableAndConsistent()
    {
        var list = (await _client.GetFromJsonAsync<JsonElement>("/api/disclosures")).EnumerateArray().ToList();
        list.Count.ShouldBe(300);
        var generated = list.Where(d => System.Text.RegularExpressions.Regex.IsMatch(d.GetProperty("id").GetString()!, @"^s\d+-")).ToList();
        generated.Count.ShouldBe(295);
        generated.Select(d => d.GetProperty("department").GetString()).ShouldAllBe(name => name!.EndsWith('局') || name.EndsWith("委员会", StringComparison.Ordinal));

        foreach (var slug in generated.Select(d => d.GetProperty("id").GetString()!).Where((_, i) => i % 37 == 0))
        {
            (await _client.GetAsync($"/disclosures/{slug}")).EnsureSuccessStatusCode();
            var report = await _client.GetFromJsonAsync<JsonElement>($"/api/disclosures/{slug}/checks");
            report.GetProperty("errors").GetInt32().ShouldBe(0, slug);
        }
    }

    [Fact]
    public async Task GeneratedDisclosuresComeFromSeveralTableSetsInYuanAndWanYuanWithTheirOwnClassesAndSummaries()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var generated = db.Disclosures.Where(d => System.Text.RegularExpressions.Regex.IsMatch(d.Slug, @"^s\d+-"));
        var sets = await generated.Select(d => d.TableSet!.Code).Distinct().ToListAsync();
        var units = await db.Tables.Where(t => generated.Any(d => d.CurrentVersionId == t.VersionId)).Select(t => t.Unit).Distinct().ToListAsync();
        var classes = await db.Rows.Where(r => r.Code != null && r.Code.Length == 3 && EF.Functions.Like(r.Code, "2%") && db.Tables.Any(t => t.Id == r.TableId && t.Code == "expenditure" && generated.Any(d => d.CurrentVersionId == t.VersionId)))
            .Select(r => r.Code).Distinct().ToListAsync();
        var summaries = await db.VersionSummaries.CountAsync(s => generated.Any(d => d.CurrentVersionId == s.VersionId));
        var errors = await db.VersionSummaries.Where(s => generated.Any(d => d.CurrentVersionId == s.VersionId)).SumAsync(s => s.Errors);

        sets.Count.ShouldBeGreaterThan(2);
        units.ShouldContain("元");
        units.ShouldContain("万元");
        classes.Count.ShouldBeGreaterThan(8);
        summaries.ShouldBe(295, "the summaries lists read are written with the disclosures, not on a first visit");
        errors.ShouldBe(0);
        (await generated.CountAsync(d => d.Kind == DisclosureKind.Final)).ShouldBeGreaterThan(0);
        (await db.Departments.Where(d => generated.Any(g => g.DepartmentId == d.Id)).Select(d => d.Units.Count).Distinct().CountAsync()).ShouldBeGreaterThan(1, "units vary");
    }

    [Fact]
    public async Task EachDisclosureMadeFromATemplateNamesItsOwnCityAndKeepsTheStoredCheckCounts()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var generated = await db.Disclosures.Where(d => System.Text.RegularExpressions.Regex.IsMatch(d.Slug, @"^s\d+-"))
            .Select(d => new { d.Slug, Department = d.Department.Name, City = d.Department.Region.Name, d.CurrentVersionId }).ToListAsync();
        var summaries = await db.VersionSummaries.ToDictionaryAsync(s => s.VersionId);

        // Departments of one kind in two cities, so that one template serves both.
        generated.Select(d => d.City).Distinct().Count().ShouldBeGreaterThan(1);
        foreach (var d in generated.Where((_, i) => i % 23 == 0))
        {
            var json = await _client.GetStringAsync($"/api/disclosures/{d.Slug}");
            json.ShouldNotContain("样板市", customMessage: d.Slug);
            var document = JsonDocument.Parse(json).RootElement;
            document.GetProperty("department").GetProperty("units").EnumerateArray().ShouldAllBe(u => u.GetProperty("name").GetString()!.StartsWith(d.City));
            document.GetProperty("title").GetString()!.ShouldStartWith(d.Department);
            var report = await _client.GetFromJsonAsync<JsonElement>($"/api/disclosures/{d.Slug}/checks");
            var stored = summaries[d.CurrentVersionId!.Value];
            (report.GetProperty("errors").GetInt32(), report.GetProperty("warnings").GetInt32(), report.GetProperty("passed").GetInt32()).ShouldBe((stored.Errors, stored.Warnings, stored.Passed), d.Slug);
        }
    }

    [Fact]
    public async Task TheHomePageShowsFiftyAPageWithAPager()
    {
        var first = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await _client.GetStringAsync("/"));
        var second = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await _client.GetStringAsync("/?p=2"));

        first.QuerySelectorAll(".disclosure-list a.disclosure-link").Length.ShouldBe(50);
        first.QuerySelector("h2.results-heading")!.TextContent.ShouldBe("共 300 份已公开文件（第 1 / 6 页）");
        first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href").ShouldBe("?p=2");
        second.QuerySelectorAll(".disclosure-list a.disclosure-link").Length.ShouldBe(50);
    }

    [Theory]
    [InlineData("卫生", null)]
    [InlineData("卢氏", null)]
    [InlineData("医疗 经费", null)]
    [InlineData("专项", 2023)]
    [InlineData("保障", 2021)]
    [InlineData("基本支出", null)]
    [InlineData("疫情防控", null)]
    [InlineData("行政运行", null)]
    [InlineData("疫情防控物资储备", 2019)]
    public async Task SearchFindsTheSameWhetherTheNewestRowsOrTheGramIndexServeIt(string q, int? year)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var query = new SearchQuery(q, null, year, null);

        var catalog = await scope.ServiceProvider.GetRequiredService<PublishedCatalogCache>().GetAsync(db, CancellationToken.None);

        var vocabulary = await scope.ServiceProvider.GetRequiredService<SearchVocabularyCache>().GetAsync(db, catalog);

        var byDefault = await PortalSearch.RunAsync(db, catalog, vocabulary, query, PortalSearch.NewestWindow, CancellationToken.None);
        var withoutVocabulary = await PortalSearch.RunAsync(db, catalog, null, query, PortalSearch.NewestWindow, CancellationToken.None);
        var gramsAlmostOnly = await PortalSearch.RunAsync(db, catalog, null, query, newestWindow: 1, CancellationToken.None);
        var mixed = await PortalSearch.RunAsync(db, catalog, null, query, newestWindow: 40, CancellationToken.None);

        byDefault.Hits.ShouldNotBeEmpty(q);
        byDefault.Hits.Where(h => h.Type is SearchHitType.Project or SearchHitType.Section or SearchHitType.Row).ShouldNotBeEmpty(q);
        withoutVocabulary.Hits.ShouldBe(byDefault.Hits, q);
        (await PortalSearch.RunAsync(db, catalog, null, query, PortalSearch.NewestWindow, CancellationToken.None, skipBelowAFullPage: false)).Hits.ShouldBe(byDefault.Hits, q);
        gramsAlmostOnly.Hits.ShouldBe(byDefault.Hits, q);
        mixed.Hits.ShouldBe(byDefault.Hits, q);
    }

    [Fact]
    public async Task AWordThatFillsThePageWithNamesShowsTheSameWithoutSearchingTheTables()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var catalog = await scope.ServiceProvider.GetRequiredService<PublishedCatalogCache>().GetAsync(db, CancellationToken.None);
        var vocabulary = await scope.ServiceProvider.GetRequiredService<SearchVocabularyCache>().GetAsync(db, catalog);
        var query = new SearchQuery("市", null, null, null);

        var shown = await PortalSearch.RunAsync(db, catalog, vocabulary, query, PortalSearch.NewestWindow, CancellationToken.None);
        var everything = await PortalSearch.RunAsync(db, catalog, vocabulary, query, PortalSearch.NewestWindow, CancellationToken.None, skipBelowAFullPage: false);

        shown.Hits.Count.ShouldBe(100);
        shown.Truncated.ShouldBeTrue();
        shown.Hits.ShouldBe(everything.Hits);
        shown.Hits.ShouldNotContain(h => h.Type == SearchHitType.Project || h.Type == SearchHitType.Row || h.Type == SearchHitType.Section);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await _client.GetStringAsync("/search?q=%E5%B8%82"));
        page.QuerySelector("h2.results-heading")!.TextContent.ShouldContain("共找到 100+ 条结果");
        page.QuerySelectorAll("ol.search-results li").Length.ShouldBe(100);
    }

    [Fact]
    public async Task GeneratedVersionsArePublishedAfterApprovalMostlyWithinTheTwentyDays()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var versions = await db.Versions.Where(v => System.Text.RegularExpressions.Regex.IsMatch(v.Disclosure.Slug, @"^s\d+-"))
            .Select(v => new { v.ApprovedOn, v.PublishedAt }).ToListAsync();

        versions.Count.ShouldBe(295);
        versions.ShouldAllBe(v => v.ApprovedOn != null && v.PublishedAt != null && DateOnly.FromDateTime(v.PublishedAt.Value.UtcDateTime) > v.ApprovedOn);
        var late = versions.Count(v => DateOnly.FromDateTime(v.PublishedAt!.Value.UtcDateTime) > v.ApprovedOn!.Value.AddDays(20));
        late.ShouldBeGreaterThan(0);
        late.ShouldBeLessThan(versions.Count / 8);
    }

    [Fact]
    public async Task TheListApiReadsInPagesWithTheTotalInAHeader()
    {
        static List<string> Ids(JsonElement list) => list.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
        var all = Ids(await _client.GetFromJsonAsync<JsonElement>("/api/disclosures"));
        var response = await _client.GetAsync("/api/disclosures?offset=50&limit=40");
        var tail = await _client.GetAsync("/api/disclosures?offset=290");

        response.Headers.GetValues("X-Total-Count").Single().ShouldBe("300");
        Ids(await response.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe(all.Skip(50).Take(40).ToList());
        Ids(await tail.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe(all.Skip(290).ToList());
        (await _client.GetAsync("/api/disclosures?limit=0")).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await _client.GetAsync("/api/disclosures?offset=-1")).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EachProvinceIsGeneratedOnceWithItsCitiesUnderIt()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var regions = await db.Regions.Select(r => new { r.Name, r.ParentId }).ToListAsync();

        regions.GroupBy(r => (r.ParentId, r.Name)).Where(g => g.Count() > 1).Select(g => g.Key.Name).ShouldBeEmpty();
        var home = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await _client.GetStringAsync("/"));
        var provinceLinks = home.QuerySelectorAll("a[href^='/regions/']").Select(a => a.TextContent.Trim()).Where(n => n.EndsWith('省')).ToList();
        provinceLinks.ShouldBe(provinceLinks.Distinct().ToList());
    }

    [Fact]
    public async Task AfterTheBulkTheRebuiltSearchIndexesFindEveryGeneratedTextOfACity()
    {
        // 295 disclosures join 5: a bulk, so the generator dropped the search's text indexes and built them again at the
        // end, after filling the narrative search blocks (decision 0450).
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var city = await db.Disclosures.Where(d => EF.Functions.Like(d.Slug, "s%")).OrderByDescending(d => d.Id).Select(d => d.Department.Region.Name).FirstAsync();
        const string Blocks = "SELECT block AS \"Value\" FROM narrative_blocks WHERE grams @> search_grams({0})";
        var sectionBlocks = await db.Database.SqlQueryRaw<int>(
            $"SELECT DISTINCT id / {NarrativeBlocks.Size} AS \"Value\" FROM narrative_sections r WHERE strpos(r.title || ' ' || r.body, {{0}}) > 0", city).ToListAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        var plan = string.Join("\n", await db.Database.SqlQueryRaw<string>("EXPLAIN " + Blocks, city).ToListAsync());
        var byIndex = await db.Database.SqlQueryRaw<int>(Blocks, city).ToListAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = on; SET enable_bitmapscan = off; SET enable_indexscan = off");
        var byScan = await db.Database.SqlQueryRaw<int>(Blocks, city).ToListAsync();
        await db.Database.ExecuteSqlRawAsync("RESET ALL");
        var invalid = await db.Database.SqlQueryRaw<string>(
            "SELECT c.relname AS \"Value\" FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT (i.indisvalid AND i.indisready)").ToListAsync();
        var api = await _client.GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString(city));

        plan.ShouldContain("ix_narrative_blocks_grams");
        sectionBlocks.ShouldNotBeEmpty(city);
        byIndex.Order().ShouldBe(byScan.Order(), city);
        sectionBlocks.ShouldBeSubsetOf(byIndex, city);
        invalid.ShouldBeEmpty();
        api.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("url").GetString()!)
            .ShouldContain(url => System.Text.RegularExpressions.Regex.IsMatch(url, @"^/disclosures/s\d+-"), city);
    }

    [Theory]
    [InlineData("疫情防控", null)]
    [InlineData("卫生", null)]
    [InlineData("经费 保障", null)]
    [InlineData("部门预算", 2021)]
    [InlineData("第二部分", null)]
    public async Task TheNarrativeSearchByBlocksFindsTheNewestSectionsAWholeScanFinds(string q, int? year)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var catalog = await scope.ServiceProvider.GetRequiredService<PublishedCatalogCache>().GetAsync(db, CancellationToken.None);
        var query = new SearchQuery(q, null, year, null);
        var terms = query.Terms();
        var versions = catalog.Disclosures.Where(d => year is null || d.Year == year).Select(d => d.VersionId).ToArray();

        var byBlocks = await PortalSearch.SectionMatchesAsync(db, terms, year is null ? null : versions, 50, CancellationToken.None);
        var all = await db.Sections.AsNoTracking().Where(s => versions.Contains(s.VersionId)).Select(s => new { s.Id, s.Title, s.Body }).ToListAsync();
        var expected = all.Where(s => terms.All(t => (s.Title + " " + s.Body).Contains(t, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(s => s.Id).Take(50).Select(s => s.Id).ToList();

        expected.ShouldNotBeEmpty(q);
        byBlocks.Select(s => s.Id).ShouldBe(expected, q);
    }

    [Fact]
    public async Task ASectionIsFoundThroughItsBlockAfterARefreshAndDirectlyWhileItsBlockIsMarked()
    {
        // Its own portal: this test publishes and refreshes.
        await using var portal = new PortalAppFactory();
        await DisclosureBuilder.ForDepartment("块索引核对局").InState(VersionStatus.Published)
            .WithSection("duties", "一、主要职能", "负责全市古籍修复与珍本数字化登记工作，推广Bim建模。")
            .SaveAsync(portal.Services);
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        string[] word = ["珍本数字化"];
        await portal.Services.GetRequiredService<PublishedIndexWarmer>().WarmAsync(default);
        var block = await db.Database.SqlQueryRaw<int>($"SELECT id / {NarrativeBlocks.Size} AS \"Value\" FROM narrative_sections WHERE body LIKE '%珍本数字化%'").SingleAsync();

        (await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM narrative_dirty_blocks").SingleAsync()).ShouldBe(0);
        (await db.Database.SqlQueryRaw<bool>("SELECT grams @> search_grams('珍本数字化') AS \"Value\" FROM narrative_blocks WHERE block = {0}", block).SingleAsync()).ShouldBeTrue();
        (await PortalSearch.SectionMatchesAsync(db, word, null, 50, CancellationToken.None)).Select(s => s.Title).ShouldBe(["一、主要职能"]);
        (await PortalSearch.SectionMatchesAsync(db, ["bIM建模", "主要"], null, 50, CancellationToken.None)).Select(s => s.Title).ShouldBe(["一、主要职能"]);

        // Within one transaction (no refresh can see it): a block without the word's grams hides the section; marked, the
        // section is read directly.
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE narrative_blocks SET grams = '{{}}' WHERE block = {0}", block);
        (await PortalSearch.SectionMatchesAsync(db, word, null, 50, CancellationToken.None)).ShouldBeEmpty();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO narrative_dirty_blocks (block) VALUES ({0})", block);
        (await PortalSearch.SectionMatchesAsync(db, word, null, 50, CancellationToken.None)).Select(s => s.Title).ShouldBe(["一、主要职能"]);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task AfterTheBulkEverySectionsGramsAreInItsBlockRefreshedInSlices()
    {
        // Generation refreshes the bulk's marked blocks in slices on several connections (decision 0440): none left out.
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var sections = await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM narrative_sections").SingleAsync();
        var missing = await db.Database.SqlQueryRaw<int>(
            "SELECT r.id AS \"Value\" FROM narrative_sections r LEFT JOIN narrative_blocks b ON b.block = r.id / {0} " +
            "WHERE b.grams IS NULL OR NOT b.grams @> search_grams(r.title || ' ' || r.body)", NarrativeBlocks.Size).ToListAsync();

        sections.ShouldBeGreaterThan(3 * NarrativeBlocks.Size);
        missing.ShouldBeEmpty();
        (await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM narrative_dirty_blocks").SingleAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task TheIndexesServeTheSearchOfOlderRows()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
#pragma warning disable EF1003 // constant SQL of this test
        async Task<string> PlanAsync(string sql) => string.Join("\n", await db.Database.SqlQueryRaw<string>("EXPLAIN " + sql).ToListAsync());
#pragma warning restore EF1003

        (await PlanAsync("SELECT block FROM narrative_blocks WHERE grams @> ARRAY['卫生']"))
            .ShouldContain("ix_narrative_blocks_grams");
        // The search's function (its own enable_seqscan = off, whatever the planner estimates) gives the same blocks.
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = on");
        (await db.Database.SqlQueryRaw<int>("SELECT b AS \"Value\" FROM narrative_blocks_holding(ARRAY['卫生', '生']) AS b ORDER BY 1").ToListAsync())
            .ShouldBe(await db.Database.SqlQueryRaw<int>("SELECT block AS \"Value\" FROM narrative_blocks WHERE grams @> ARRAY['卫生', '生'] ORDER BY 1").ToListAsync());
        (await db.Database.SqlQueryRaw<string>("SELECT array_to_string(proconfig, ',') AS \"Value\" FROM pg_proc WHERE proname = 'narrative_blocks_holding'").SingleAsync())
            .ShouldBe("enable_seqscan=off");
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");

        // Projects, rows and titles: the newest rows of one distinct text, read backwards from its (text, id) btree and
        // stopped by the limit (no sort of every match), and the vocabulary's loose scan of the same btree.
        await db.Database.ExecuteSqlRawAsync("SET enable_bitmapscan = off");
        var rows = await PlanAsync(
            "SELECT r.id FROM table_rows r WHERE name IS NOT NULL AND role IS DISTINCT FROM 'colnum' " +
            "AND left(coalesce(r.code, '') || ' ' || r.name, 200) = '2010101 行政运行' ORDER BY r.id DESC LIMIT 100");
        rows.ShouldContain("Index Scan Backward using ix_table_rows_name_text");
        rows.ShouldNotContain("Sort");
        var projects = await PlanAsync("SELECT r.id FROM table_rows r WHERE project IS NOT NULL AND left(r.project, 200) = '疫情防控物资储备' ORDER BY r.id DESC LIMIT 100");
        projects.ShouldContain("Index Scan Backward");
        projects.ShouldNotContain("Sort");
        (await PlanAsync("SELECT left(r.number || ' ' || r.title, 200) FROM disclosure_tables r WHERE TRUE AND left(r.number || ' ' || r.title, 200) > '表1' ORDER BY left(r.number || ' ' || r.title, 200) LIMIT 1"))
            .ShouldContain("ix_disclosure_tables_title_text");
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%\\_grams'").ToListAsync();
        indexes.ShouldBe(["ix_narrative_blocks_grams"]);
        (await db.Database.SqlQueryRaw<bool>("SELECT search_grams('辽宁省卢氏县') @> ARRAY['卢氏', '省']").ToListAsync()).ShouldBe([true]);
    }
}
