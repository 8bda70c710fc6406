using System.IO.Compression;
using System.Net;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// A published disclosure whose department name and project name are spreadsheet formulas, and whose project row
/// carries a negative amount: every CSV the portal writes shows the text as text and keeps the number a number.
/// </summary>
public sealed class CsvInjectionTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>, IAsyncLifetime
{
    private const string Payload = "=cmd|' /C calc'!A0";
    private const string Department = "+公式测试局";
    private readonly HttpClient _client = factory.CreateClient();
    private int _projectTable;

    public async Task InitializeAsync()
    {
        var source = ReferenceFiles.BySlug("lushi-2023-budget");
        _projectTable = source.Tables.FindIndex(t => t.Leaves().Any(l => l.Role == "project"));
        var tables = source.Tables.Select((t, i) => i != _projectTable ? t : t with
        {
            Rows = [.. t.Rows.Select((r, n) => n != 0 ? r : r with { Cells = [.. r.Cells.Select((c, k) => Poison(t, k, c))] })],
        }).ToList();
        var document = source with
        {
            Slug = "formula-2023-budget",
            Title = "公式测试局2023年部门预算",
            Region = ["注入测试省"],
            Department = new DepartmentInfo { Name = Department, Units = [] },
            Tables = tables,
        };
        using var scope = factory.Services.CreateScope();
        if (!await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Disclosures.AnyAsync(d => d.Slug == document.Slug))
        {
            await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportPublishedAsync(document, CancellationToken.None);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static CellValue Poison(TableDocument table, int column, CellValue cell)
    {
        var leaf = table.Leaves()[column];
        return leaf.Role == "project" ? CellValue.Of(Payload) : leaf.IsNumeric && cell.Number is not null ? CellValue.Of(-12.50m) : cell;
    }

    private static void ShowsTextAsTextAndNumbersAsNumbers(string csv)
    {
        csv.ShouldContain("'" + Payload);
        csv.ShouldNotContain("," + Payload);
        csv.ShouldContain(",-12.50");
        csv.ShouldNotContain("'-12.50");
    }

    [Fact]
    public async Task TheTableCsvNeutralisesAFormulaInAProjectNameButKeepsANegativeAmount()
    {
        var response = await _client.GetAsync($"/disclosures/formula-2023-budget/csv?table={_projectTable + 1}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShowsTextAsTextAndNumbersAsNumbers(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheBulkCsvNeutralisesTheSameCells()
    {
        var response = await _client.GetAsync("/api/bulk?region=" + Uri.EscapeDataString("注入测试省") + "&year=2023&format=csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var entry = zip.Entries.Single(e => e.Name.StartsWith($"{_projectTable + 1:00}-", StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        ShowsTextAsTextAndNumbersAsNumbers(await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task TheRegionOverviewCsvNeutralisesAFormulaInADepartmentName()
    {
        int region;
        using (var scope = factory.Services.CreateScope())
        {
            region = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Regions.Where(r => r.Name == "注入测试省").Select(r => r.Id).SingleAsync();
        }

        var response = await _client.GetAsync($"/regions/{region}/csv?year=2023");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csv = await response.Content.ReadAsStringAsync();
        csv.ShouldContain("'" + Department);
        csv.ShouldNotContain("\n" + Department);
    }
}
