using System.Globalization;
using System.IO.Compression;
using System.Net;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;
using BudgetPortal.Tests.Infrastructure;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Web;

public sealed class DownloadTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public async Task PdfTextHasEveryFigureOfEveryTableInRowOrder(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var response = await _client.GetAsync($"/disclosures/{slug}/pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"{document.Title}.pdf");

        var text = Pdf.ToText(await response.Content.ReadAsByteArrayAsync());

        // Tables follow the narrative; table pages carry the department line, the other pages do not.
        var position = text.IndexOf("部门名称：", StringComparison.Ordinal);
        position.ShouldBeGreaterThan(0);
        foreach (var table in document.Tables.Where(t => !t.Missing))
        {
            position = Pdf.ShouldHaveFiguresInOrder(text, table, position, slug, leaf => leaf.Type == ColumnTypes.Amount);
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public async Task WorkbookGivesBackEveryFigureExactlyAsStored(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var bytes = await _client.GetByteArrayAsync($"/disclosures/{slug}/xlsx");

        using var workbook = new XLWorkbook(new MemoryStream(bytes));

        workbook.Worksheets.Count.ShouldBe(document.Tables.Count + 1);
        for (var t = 0; t < document.Tables.Count; t++)
        {
            var table = document.Tables[t];
            if (table.Missing)
            {
                continue;
            }

            var body = Workbooks.ReadBody(workbook.Worksheet(t + 2), table);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                for (var c = 0; c < body[r].Count; c++)
                {
                    var expected = table.Rows[r].Cells[c];
                    var actual = body[r][c];
                    if (table.Rows[r].Role == RowRoles.ColumnNumbers)
                    {
                        // 栏次 are labels, written as text so that a column SUM leaves them out.
                        actual.Text.ShouldBe(TableLayout.ColumnNumber(expected) is { Length: > 0 } label ? label : null, $"{table.Number} row {r + 1} col {c + 1}");
                    }
                    else if (expected.Number is { } number)
                    {
                        actual.Number.ShouldBe(number, $"{table.Number} row {r + 1} col {c + 1}");
                    }
                    else
                    {
                        actual.Text.ShouldBe(expected.Text?.Trim() == "" ? null : expected.Text, $"{table.Number} row {r + 1} col {c + 1}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task EachTableDownloadsAloneAsPdfExcelAndCsv()
    {
        var document = ReferenceFiles.BySlug("liaoning-2023-budget");

        var pdf = await _client.GetAsync("/disclosures/liaoning-2023-budget/pdf?table=1");
        var xlsx = await _client.GetAsync("/disclosures/liaoning-2023-budget/xlsx?table=1");
        var csv = await _client.GetAsync("/disclosures/liaoning-2023-budget/csv?table=1");

        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        Pdf.ToText(await pdf.Content.ReadAsByteArrayAsync()).ShouldContain(document.Tables[0].Title);
        xlsx.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"{document.Title}-{document.Tables[0].Number}{document.Tables[0].Title}.xlsx");
        (await csv.Content.ReadAsStringAsync()).ShouldContain(document.Tables[0].Leaves()[0].Title);
        (await _client.GetAsync("/disclosures/liaoning-2023-budget/csv?table=99")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BulkZipHoldsEveryDisclosureOfTheRegion()
    {
        var response = await _client.GetAsync("/api/bulk?region=" + Uri.EscapeDataString("辽宁省") + "&format=json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());

        zip.Entries.Select(e => e.FullName).Where(n => n is not ("manifest.csv" or "SHA256SUMS")).Select(Path.GetFileNameWithoutExtension).Order()
            .ShouldBe(["anshan-2025-budget", "fushun-2023-final", "liaoning-2023-budget", "shenyang-2024-final"]);
        using var reader = new StreamReader(zip.Entries.First(e => e.Name == "fushun-2023-final.json").Open());
        DisclosureJson.Parse(await reader.ReadToEndAsync(), "zip").Tables.Count.ShouldBe(ReferenceFiles.BySlug("fushun-2023-final").Tables.Count);
    }

    [Fact]
    public async Task BulkCsvHasOneFilePerTable()
    {
        var response = await _client.GetAsync("/api/bulk?year=2023&kind=budget&format=csv");

        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());

        var disclosures = ReferenceFiles.All.Where(d => d.Year == 2023 && d.Kind == "budget").ToList();
        var tables = zip.Entries.Where(e => e.FullName.Contains('/', StringComparison.Ordinal) && e.Name != "datapackage.json").ToList();
        tables.Count.ShouldBe(disclosures.Sum(d => d.Tables.Count));
        tables.ShouldAllBe(e => e.FullName.EndsWith(".csv", StringComparison.Ordinal));
        zip.Entries.Count(e => e.Name == "datapackage.json").ShouldBe(disclosures.Count);
        zip.Entries.Select(e => e.FullName).ShouldContain("manifest.csv");
    }

    [Fact]
    public async Task ApiLinksNameEveryFormat()
    {
        var json = await _client.GetStringAsync("/api/disclosures/lushi-2023-budget");
        var document = DisclosureJson.Parse(json, "api");

        document.Links!.Keys.Order().ShouldBe(["checks", "html", "json", "pdf", "xlsx"]);
        _ = CultureInfo.InvariantCulture;
    }
}
