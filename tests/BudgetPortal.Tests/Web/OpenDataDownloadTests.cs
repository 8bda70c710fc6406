using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using CsvHelper;
using Json.Schema;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Downloads an auditor can rely on: CSVs read back with a CSV library give every code as stored ("05", 20-digit
/// project codes) and every amount as printed; each disclosure is a Fiscal Data Package valid against the
/// specification's schema; the bulk ZIP carries a manifest and SHA-256 checksums that match its files.
/// </summary>
public sealed class OpenDataDownloadTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static List<string[]> ReadCsv(Stream stream)
    {
        using var reader = new CsvReader(new StreamReader(stream), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        }

        return rows;
    }

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(SchemaFile()));

    private static string SchemaFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "BudgetPortal.Tests", "Fixtures", "schemas", "fiscal-data-package.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("fiscal-data-package.schema.json");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public async Task CodesComeBackFromTheCsvExactlyAsStored(int tableNumber)
    {
        var document = ReferenceFiles.BySlug("lushi-2023-budget");
        var table = document.Tables[tableNumber - 1];

        var rows = ReadCsv(await _client.GetStreamAsync($"/disclosures/lushi-2023-budget/csv?table={tableNumber}"));

        var leaves = table.Leaves();
        var codes = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            for (var c = 0; c < leaves.Count; c++)
            {
                if (table.Rows[r].Cells[c].Text is { } text && text.All(char.IsAsciiDigit) && text.Length > 0)
                {
                    rows[r + 1][c].ShouldBe(text, $"{table.Number} row {r + 1} col {c + 1}");
                    codes++;
                }
            }
        }

        codes.ShouldBeGreaterThan(0);
        rows.SelectMany(r => r).ShouldContain(f => f.Length == 2 && f[0] == '0' || f.Length >= 20);
    }

    [Fact]
    public async Task AmountsArePlainDecimalsAsPrinted()
    {
        foreach (var document in ReferenceFiles.All)
        {
            var t = document.Tables.FindIndex(t => !t.Missing && t.Rows.Count > 2 && t.Leaves().Any(l => l.Type == ColumnTypes.Amount));
            var table = document.Tables[t];
            var rows = ReadCsv(await _client.GetStreamAsync($"/disclosures/{document.Slug}/csv?table={t + 1}"));
            var leaves = table.Leaves();
            for (var r = 0; r < table.Rows.Count; r++)
            {
                for (var c = 0; c < leaves.Count; c++)
                {
                    if (table.Rows[r].Role != RowRoles.ColumnNumbers && leaves[c].Type == ColumnTypes.Amount && table.Rows[r].Cells[c].Number is { } number)
                    {
                        var field = rows[r + 1][c];
                        decimal.Parse(field, CultureInfo.InvariantCulture).ShouldBe(number);
                        field.ShouldNotContain(",");
                        (field.Length - field.IndexOf('.') - 1).ShouldBe(Math.Max(table.Decimals, (decimal.GetBits(number)[3] >> 16) & 0xFF), $"{document.Slug} {table.Number}: {field}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public async Task EachDisclosureIsAValidFiscalDataPackage(string slug)
    {
        var response = await _client.GetAsync($"/disclosures/{slug}/datapackage");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();

        var result = Schema.Value.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.ShouldBeTrue(string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        var package = JsonNode.Parse(json)!;
        var document = ReferenceFiles.BySlug(slug);
        package["resources"]!.AsArray().Count.ShouldBe(document.Tables.Count);
        var measures = package["model"]!["measures"]!.AsObject();
        measures.ShouldNotBeEmpty();
        measures.Select(m => (string)m.Value!["phase"]!).Distinct().ShouldBe([document.Kind == "final" ? "executed" : "approved"]);
        measures.Select(m => (string)m.Value!["currency"]!).Distinct().ShouldBe(["CNY"]);
        measures.Select(m => (decimal)m.Value!["factor"]!).ShouldAllBe(f => f == 10000m || f == 1m);
        package["model"]!["dimensions"]!.AsObject().Select(d => (string?)d.Value!["classificationType"]).ShouldContain("functional");

        // Each resource points at the table's CSV, and its hash is the hash of what that address serves.
        var first = package["resources"]![0]!;
        var csv = await _client.GetByteArrayAsync(new Uri((string)first["url"]!).PathAndQuery);
        ((string)first["hash"]!).ShouldBe("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv)));
    }

    [Fact]
    public async Task TheBulkZipCarriesAManifestWhoseChecksumsMatchItsFiles()
    {
        var bytes = await _client.GetByteArrayAsync("/api/bulk?format=csv");
        using var zip = new ZipArchive(new MemoryStream(bytes));

        var manifest = ReadCsv(zip.GetEntry("manifest.csv")!.Open());
        manifest[0].ShouldBe(["文件", "字节数", "SHA-256", "地区", "部门", "年度", "类型", "版本", "表", "公开日期", "许可"]);
        manifest.Count.ShouldBe(zip.Entries.Count - 2 + 1);
        foreach (var line in manifest.Skip(1))
        {
            using var entry = new MemoryStream();
            zip.GetEntry(line[0])!.Open().CopyTo(entry);
            line[1].ShouldBe(entry.Length.ToString(CultureInfo.InvariantCulture));
            line[2].ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(entry.ToArray())), line[0]);
        }

        manifest.Count(l => l[0].EndsWith("/datapackage.json", StringComparison.Ordinal)).ShouldBe(ReferenceFiles.All.Count);
        using var sums = new StreamReader(zip.GetEntry("SHA256SUMS")!.Open());
        (await sums.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(manifest.Count - 1);
    }
}
