using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// A district whose tables are printed in 元 (one in 万元), with its table set added as a file: checks, region
/// overview, CSV and JSON over HTTP, each figure in its own unit and every total converted to 万元.
/// </summary>
public sealed class UnitsTests(UnitsTests.Factory factory) : IClassFixture<UnitsTests.Factory>
{
    public sealed class Factory : PortalAppFactory
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("bp-units-").FullName;
        private readonly SemaphoreSlim _imported = new(1, 1);
        private bool _done;

        public Factory() => File.WriteAllText(Path.Combine(_folder, DistrictUnits.SetCode + ".json"), DistrictUnits.SetJson);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:TableSetPath", _folder);
        }

        /// <summary>Publishes, once per class: 某区文化旅游局 (元 tables, 1,234,567.00 元 in all), 某区体育局 (every table in 万元) and a copy of 文旅局 with a typing error.</summary>
        public async Task ImportAsync()
        {
            await _imported.WaitAsync();
            try
            {
                if (_done)
                {
                    return;
                }

                using var scope = Services.CreateScope();
                var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
                await importer.ImportPublishedAsync(DistrictUnits.Disclosure(pension: 234_567.00m), CancellationToken.None);
                await importer.ImportPublishedAsync(DistrictUnits.Disclosure(slug: "mouqu-tiyu-2025-budget", department: "某区体育局", allUnit: "万元"), CancellationToken.None);
                await importer.ImportPublishedAsync(
                    DistrictUnits.Disclosure(gpbTotalOverride: 124.45m, slug: "mouqu-kexie-2025-budget", department: "某区科学技术协会"), CancellationToken.None);
                await importer.ImportPublishedAsync(DistrictUnits.Disclosure(slug: "mouqu-wenlv-2024-budget", allUnit: "万元", year: 2024), CancellationToken.None);
                _done = true;
            }
            finally
            {
                _imported.Release();
            }
        }
    }

    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> ChecksAsync(string slug)
    {
        await factory.ImportAsync();
        return await _client.GetFromJsonAsync<JsonElement>($"/api/disclosures/{slug}/checks");
    }

    private static List<JsonElement> Findings(JsonElement report, string severity) =>
        [.. report.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == severity)];

    [Fact]
    public async Task ADisclosureInYuanWithOneTableInTenThousandYuanHasNoErrorAndNoWarning()
    {
        var report = await ChecksAsync("mouqu-wenlv-2025-budget");

        report.GetProperty("errors").GetInt32().ShouldBe(0, report.ToString());
        report.GetProperty("warnings").GetInt32().ShouldBe(0, report.ToString());
        // 1,234,567.00 元 printed as 123.46 万元: right as printed (neither 尾差 nor 不一致), stated in the 万元 figure's unit.
        var total = Findings(report, "pass").First(f => f.GetProperty("rule").GetString() == "U5");
        total.GetProperty("unit").GetString().ShouldBe("万元");
        total.GetProperty("actual").GetDecimal().ShouldBe(123.46m);
        Findings(report, "rounding").ShouldNotContain(f => f.GetProperty("rule").GetString() == "U5");
    }

    [Fact]
    public async Task OneChangedFigureIsTheExpectedErrorWithBothFiguresInTheirOwnUnits()
    {
        var report = await ChecksAsync("mouqu-kexie-2025-budget");

        var errors = Findings(report, "error");
        errors.Select(f => f.GetProperty("rule").GetString()).Order().ShouldBe(["U4", "U5"]);
        errors.Single(f => f.GetProperty("rule").GetString() == "U5").GetProperty("message").GetString()
            .ShouldBe("表3“合计”合计 124.45 万元 对照 表2“合计”合计 1,234,500.00 元");
        report.GetProperty("warnings").GetInt32().ShouldBe(0);

        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync("/disclosures/mouqu-kexie-2025-budget/checks"));
        page.QuerySelector("table.findings")!.TextContent.ShouldContain("124.45 万元 对照 表2“合计”合计 1,234,500.00 元");
    }

    [Fact]
    public async Task TheRegionOverviewAddsADisclosureInYuanAndOneInTenThousandYuanInTenThousandYuan()
    {
        await factory.ImportAsync();
        int regionId;
        using (var scope = factory.Services.CreateScope())
        {
            regionId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Regions.Where(r => r.Name == "某区").Select(r => r.Id).SingleAsync();
        }

        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync($"/regions/{regionId}?year=2025"));

        var rows = page.QuerySelectorAll(".overview-table tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        rows.Single(r => r[0].Contains("某区文化旅游局", StringComparison.Ordinal))[2].ShouldBe("123.4567");
        rows.Single(r => r[0].Contains("某区体育局", StringComparison.Ordinal))[2].ShouldBe("123.45");
        var total = page.QuerySelectorAll(".overview-table tfoot tr").Single().Children.Select(c => c.TextContent.Trim()).ToArray();
        total[0].ShouldBe("预算合计（3 份）");
        total[1].ShouldBe("370.3567");
        page.QuerySelector(".lead")!.TextContent.ShouldContain("换算为万元");

        var csv = await _client.GetStringAsync($"/regions/{regionId}/csv?year=2025");
        csv.ShouldContain("收入总计（万元）");
        csv.ShouldContain("123.4567");
    }

    [Fact]
    public async Task AYearInYuanIsComparedWithAYearInTenThousandYuanInTenThousandYuan()
    {
        await factory.ImportAsync();

        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync("/disclosures/mouqu-wenlv-2025-budget/compare?with=mouqu-wenlv-2024-budget"));

        var summary = page.QuerySelectorAll("section.compare-table").First(s => s.TextContent.Contains("收支总表", StringComparison.Ordinal));
        summary.QuerySelector(".meta")!.TextContent.ShouldBe("金额单位：万元，由公开的元与万元换算");
        var total = summary.QuerySelectorAll("tbody tr").First(tr => tr.TextContent.Contains("收入总计", StringComparison.Ordinal));
        total.QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()).ShouldBe(["123.4567", "123.45", "0.0067"]);
    }

    [Fact]
    public async Task ChartsOfADisclosureInYuanShowTenThousandYuan()
    {
        await factory.ImportAsync();

        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync("/disclosures/mouqu-wenlv-2025-budget/charts"));

        var text = page.Body!.TextContent;
        text.ShouldContain("换算为万元");
        text.ShouldContain("123.46");
        text.ShouldNotContain("1,234,567.00");
    }

    [Fact]
    public async Task CsvAndJsonCarryEachTablesUnit()
    {
        await factory.ImportAsync();

        var csv = await _client.GetStringAsync("/disclosures/mouqu-wenlv-2025-budget/csv?table=1");
        csv.Split('\n')[0].Trim().TrimStart('\uFEFF').ShouldBe("收入项目,预算数（元）,支出项目,预算数（元）");
        var csvWan = await _client.GetStringAsync("/disclosures/mouqu-wenlv-2025-budget/csv?table=3");
        csvWan.ShouldContain("合计（万元）");

        var json = await _client.GetFromJsonAsync<JsonElement>("/api/disclosures/mouqu-wenlv-2025-budget");
        json.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("unit").GetString()).ShouldBe(["元", "元", "万元", "万元"]);
        json.GetProperty("tables")[0].GetProperty("decimals").GetInt32().ShouldBe(2);

        var html = new HtmlParser().ParseDocument(await _client.GetStringAsync("/disclosures/mouqu-wenlv-2025-budget"));
        html.Body!.TextContent.ShouldContain("单位：元");
    }
}

/// <summary>
/// A draft's table unit and decimals, changed in the browser and by a workbook's heading. Each test has its own portal
/// and database (<see cref="PortalPerTest{TFactory}"/>), so all make the same draft.
/// </summary>
public sealed class DraftUnitTests : PortalPerTest<StaffAppFactory>
{
    private Task<(StaffSession Staff, int VersionId)> DraftAsync() =>
        StaffDrafts.CreateAsync(Factory, "辽宁省医疗保障局", 2030, "liaoning-province-budget");

    private async Task<TableDocument> FirstTableAsync(int versionId)
    {
        using var scope = Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<BudgetPortal.Web.Data.DocumentLoader>().LoadVersionAsync(versionId, CancellationToken.None))!.Document.Tables[0];
    }

    private static async Task<string?> TableIdAsync(StaffSession staff, string url) =>
        new HtmlParser().ParseDocument(await staff.Client.GetStringAsync(url)).QuerySelector("form.unit-form input[name=TableId]")?.GetAttribute("value");

    [Fact]
    public async Task TheTablePageChangesTheUnitAndDecimalsAndTheAuditLogSaysSo()
    {
        var (staff, versionId) = await DraftAsync();
        var url = $"/staff/versions/{versionId}/tables/1";
        (await FirstTableAsync(versionId)).Unit.ShouldBe("万元");

        var saved = await staff.PostFormAsync(url, "Unit", new() { ["Unit"] = "元", ["Decimals"] = "2", ["TableId"] = (await TableIdAsync(staff, url))! });

        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await saved.Content.ReadAsStringAsync()).ShouldContain("1 处修改已记入审计日志");
        var table = await FirstTableAsync(versionId);
        (table.Unit, table.Decimals).ShouldBe(("元", 2));
        using var scope = Factory.Services.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.Where(a => a.VersionId == versionId && a.Action == "修改金额单位").ToListAsync();
        audit.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task AnUnknownUnitIsRefusedAndNothingIsSaved()
    {
        var (staff, versionId) = await DraftAsync();
        var url = $"/staff/versions/{versionId}/tables/1";

        var refused = await staff.PostFormAsync(url, "Unit", new() { ["Unit"] = "美元", ["Decimals"] = "2", ["TableId"] = (await TableIdAsync(staff, url))! });

        (await refused.Content.ReadAsStringAsync()).ShouldContain("“美元”不是可用的金额单位");
        (await FirstTableAsync(versionId)).Unit.ShouldBe("万元");
    }

    [Fact]
    public async Task AWorkbookHeadingInAnotherUnitIsImportedAsTheTablesUnit()
    {
        var (staff, versionId) = await DraftAsync();
        var workbook = await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook");
        byte[] edited;
        using (var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(workbook)))
        {
            var sheet = book.Worksheets.Skip(1).First();
            sheet.Row(2).CellsUsed().Single(c => c.GetFormattedString() == "单位：万元").Value = "金额单位：元";
            using var output = new MemoryStream();
            book.SaveAs(output);
            edited = output.ToArray();
        }

        var preview = await (await StaffDrafts.UploadWorkbookAsync(staff, versionId, edited)).Content.ReadAsStringAsync();
        var parsed = new HtmlParser().ParseDocument(preview);
        parsed.QuerySelectorAll("table.import-preview tbody tr").Select(r => r.TextContent).ShouldHaveSingleItem().ShouldContain("金额单位");

        var pendingId = parsed.QuerySelector("input[name=pendingId]")!.GetAttribute("value")!;
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        await staff.PostAsync($"/staff/versions/{versionId}/import/confirm", null, token, new() { ["pendingId"] = pendingId });

        (await FirstTableAsync(versionId)).Unit.ShouldBe("元");
    }
}
