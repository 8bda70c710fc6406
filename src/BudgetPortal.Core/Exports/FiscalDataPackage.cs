using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Exports;

/// <summary>One CSV file of a package: where it is (a path in a ZIP or a URL) and its bytes (for size and SHA-256).</summary>
public sealed record PackageFile(string Location, bool IsUrl, byte[] Bytes);

/// <summary>
/// A disclosure as a Fiscal Data Package (Frictionless Data, <c>datapackage.json</c>): one resource per table CSV with its
/// fields typed (codes as strings, amounts as numbers), and the fiscal model — every amount column a measure in CNY with
/// its unit as <c>factor</c> (元 1, 万元 10000), <c>phase</c> approved (部门预算) or executed (部门决算), and the
/// functional (支出功能分类) and economic (支出经济分类) classifications as dimensions. Department, year, kind, version,
/// table and unit of every CSV are stated here, so the CSVs themselves stay plain RFC 4180 tables.
/// </summary>
public static class FiscalDataPackage
{
    public const string Licence = "CC-BY-4.0";

    public static string Write(DisclosureDocument document, IReadOnlyList<PackageFile> tables, string? homepage)
    {
        var phase = document.Kind == DisclosureKinds.Final ? "executed" : "approved";
        var resources = new JsonArray();
        var measures = new JsonObject();
        var dimensions = new JsonObject();
        for (var i = 0; i < document.Tables.Count && i < tables.Count; i++)
        {
            var table = document.Tables[i];
            var file = tables[i];
            var name = ResourceName(i);
            var leaves = table.Leaves();
            var headers = CsvExporter.Headers(table);
            var unit = AmountUnit.OfTable(table);
            var fields = new JsonArray();
            for (var c = 0; c < leaves.Count; c++)
            {
                var numeric = leaves[c].IsNumeric && !CsvExporter.IsCode(leaves[c]);
                var field = new JsonObject
                {
                    ["name"] = headers[c],
                    ["type"] = numeric ? "number" : "string",
                };
                if (CsvExporter.IsCode(leaves[c]))
                {
                    field["description"] = "编码，按文本读取（保留开头的 0）";
                }

                fields.Add(field);
                if (leaves[c].Type == ColumnTypes.Amount)
                {
                    measures[$"{name}_c{c + 1:00}"] = new JsonObject
                    {
                        ["source"] = headers[c],
                        ["resource"] = name,
                        ["currency"] = "CNY",
                        ["factor"] = unit.Factor,
                        ["phase"] = phase,
                        ["direction"] = table.Title.Contains("收入", StringComparison.Ordinal) && !table.Title.Contains("支出", StringComparison.Ordinal) ? "revenue" : "expenditure",
                    };
                }
            }

            var codeColumn = Enumerable.Range(0, leaves.Count).FirstOrDefault(c => leaves[c].Role == ColumnRoles.Code, -1);
            var nameColumn = Enumerable.Range(0, leaves.Count).FirstOrDefault(c => leaves[c].Role == ColumnRoles.Name, -1);
            if (codeColumn >= 0)
            {
                var economic = table.Title.Contains("经济分类", StringComparison.Ordinal) || leaves[codeColumn].Title.Contains("经济分类", StringComparison.Ordinal);
                var attributes = new JsonObject { ["code"] = new JsonObject { ["source"] = headers[codeColumn], ["resource"] = name } };
                if (nameColumn >= 0)
                {
                    attributes["name"] = new JsonObject { ["source"] = headers[nameColumn], ["resource"] = name, ["labelfor"] = "code" };
                }

                dimensions[$"{name}_{(economic ? "economic" : "functional")}"] = new JsonObject
                {
                    ["attributes"] = attributes,
                    ["primaryKey"] = "code",
                    ["dimensionType"] = "classification",
                    ["classificationType"] = economic ? "economic" : "functional",
                };
            }

            var resource = new JsonObject
            {
                ["name"] = name,
                ["title"] = $"{table.Number} {table.Title}",
                ["description"] = $"{document.Department.Name} {document.Year} 年度{DisclosureKinds.ToChinese(document.Kind)}，第 {document.Version ?? 1} 版，金额单位：{unit.Name}",
                [file.IsUrl ? "url" : "path"] = file.Location,
                ["format"] = "csv",
                ["mediatype"] = "text/csv",
                ["encoding"] = "utf-8-sig",
                ["bytes"] = file.Bytes.Length,
                ["hash"] = "sha256:" + Sha256(file.Bytes),
                ["schema"] = new JsonObject { ["fields"] = fields },
            };
            resources.Add(resource);
        }

        if (dimensions.Count == 0)
        {
            dimensions["department"] = new JsonObject
            {
                ["attributes"] = new JsonObject { ["name"] = new JsonObject { ["source"] = "部门", ["constant"] = document.Department.Name } },
                ["primaryKey"] = "name",
                ["dimensionType"] = "entity",
            };
        }

        var package = new JsonObject
        {
            ["name"] = PackageName(document.Slug),
            ["title"] = document.Title,
            ["description"] = $"{string.Join("", document.Region)} {document.Department.Name} {document.Year} 年度{DisclosureKinds.ToChinese(document.Kind)}的公开表格",
            ["version"] = (document.Version ?? 1).ToString(CultureInfo.InvariantCulture),
            ["license"] = new JsonObject { ["type"] = Licence, ["url"] = "https://creativecommons.org/licenses/by/4.0/" },
            ["author"] = document.Department.Name,
            ["countryCode"] = "CN",
            ["granularity"] = "aggregated",
            ["fiscalPeriod"] = new JsonObject { ["start"] = $"{document.Year}-01-01", ["end"] = $"{document.Year}-12-31" },
            ["keywords"] = new JsonArray(DisclosureKinds.ToChinese(document.Kind), document.Department.Name, document.Year.ToString(CultureInfo.InvariantCulture)),
            ["resources"] = resources,
            ["model"] = new JsonObject { ["measures"] = measures, ["dimensions"] = dimensions },
        };
        if (homepage is not null)
        {
            package["homepage"] = homepage;
        }

        return package.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>"t01", "t02" …: the resource name of the table at this position.</summary>
    public static string ResourceName(int index) => $"t{index + 1:00}";

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // Package names are lower-case ASCII letters, digits and - . _ (the slug already is; anything else becomes -).
    private static string PackageName(string slug) =>
        new(slug.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray());
}
