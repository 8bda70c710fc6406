using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Reference;

/// <summary>
/// The five reference disclosures as served through HTTP, against figures read off the published documents
/// (../shared/seeds): the tables in printed order with their row counts, each table's grand total, and sample cells.
/// The expectations are written down here by hand from the seed text, not computed from data/reference, so that a
/// change to the data that moves a published figure fails here.
/// </summary>
public sealed class PublishedFiguresTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> Slugs() => [.. PublishedFigures.All.Keys];

    private async Task<DisclosureDocument> GetAsync(string slug) =>
        DisclosureJson.Parse(await _client.GetStringAsync($"/api/disclosures/{slug}"), slug);

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task EveryTableIsThereInPrintedOrderWithItsRows(string slug)
    {
        var expected = PublishedFigures.All[slug];
        var document = await GetAsync(slug);

        document.Tables.Select(t => (t.Number, t.Missing ? -1 : t.Rows.Count))
            .ShouldBe(expected.Tables.Select(t => (t.Number, t.Rows)), $"{slug}: tables (number, rows; -1 = listed but missing)");
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task GrandTotalsAreAsPublished(string slug)
    {
        var document = await GetAsync(slug);

        foreach (var total in PublishedFigures.All[slug].Totals)
        {
            var table = document.Tables.Single(t => t.Number == total.Number && t.Code == total.Code);
            var row = table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total);
            row.ShouldNotBeNull($"{slug} {total.Number}: no total row");
            CellOf(table, row, total.Column).Number.ShouldBe(total.Value, $"{slug} {total.Number} 合计 {total.Column}");
        }
    }

    [Theory]
    [MemberData(nameof(Slugs))]
    public async Task SampleCellsAreAsPublished(string slug)
    {
        var document = await GetAsync(slug);

        foreach (var sample in PublishedFigures.All[slug].Cells)
        {
            var table = document.Tables.First(t => t.Number == sample.Number && (sample.Code is null || t.Code == sample.Code));
            var wanted = CheckEngine.NormalizeName(sample.Row);
            var row = table.Rows.FirstOrDefault(r => r.Cells.Any(c => c.Text is not null && CheckEngine.NormalizeName(c.Text) == wanted));
            row.ShouldNotBeNull($"{slug} {sample.Number}: no row “{sample.Row}”");
            var cell = CellOf(table, row, sample.Column);
            if (decimal.TryParse(sample.Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                cell.Number.ShouldBe(number, $"{slug} {sample.Number} “{sample.Row}” {sample.Column}");
            }
            else if (sample.Value is null)
            {
                cell.IsBlank.ShouldBeTrue($"{slug} {sample.Number} “{sample.Row}” {sample.Column} should be blank");
            }
            else
            {
                cell.Text.ShouldBe(sample.Value, $"{slug} {sample.Number} “{sample.Row}” {sample.Column}");
            }
        }
    }

    private static CellValue CellOf(TableDocument table, RowDocument row, string column)
    {
        var index = table.Leaves().Select(l => l.Key).ToList().IndexOf(column);
        index.ShouldBeGreaterThanOrEqualTo(0, $"{table.Number} has no column {column}");
        return row.Cells[index];
    }
}
