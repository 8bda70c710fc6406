using System.IO.Compression;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Exports;
using BudgetPortal.Web.Search;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace BudgetPortal.Web.Api;

/// <summary>Bulk downloads for auditors: every published disclosure of a region and year (or all years) as one ZIP.</summary>
public static class BulkEndpoints
{
    private static readonly string[] Formats = ["json", "csv", "xlsx", "pdf"];

    public static WebApplication MapBulkApi(this WebApplication app)
    {
        app.MapGet("/api/bulk", DownloadAsync)
            .WithTags("批量下载")
            .WithName("BulkDownload")
            .WithSummary("一个地区一个年度（或全部年度）已公开文件的 ZIP 包")
            .WithDescription("format 为 json、csv（每张表一个文件）、xlsx 或 pdf；边生成边传输。")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task DownloadAsync(HttpContext context, PortalDbContext db, PublishedCatalogCache catalogs, DocumentLoader documents, PdfFontStatus pdf, string? region, int? year, string? kind, string format = "json")
    {
        if (!Formats.Contains(format))
        {
            await Results.Problem(statusCode: 400, title: "参数错误", detail: "format 只能是 json、csv、xlsx 或 pdf。").ExecuteAsync(context);
            return;
        }

        if (format == "pdf" && pdf.Exporter is null)
        {
            await Results.Problem(statusCode: 503, title: "PDF 暂不可用", detail: pdf.Message).ExecuteAsync(context);
            return;
        }

        var catalog = await catalogs.GetAsync(context, db, context.RequestAborted);
        var items = DisclosureSearch.FindPublishedPage(catalog, new DisclosureFilter(year, kind, region, null), 0, null).Items;
        if (items.Count == 0)
        {
            await Results.Problem(statusCode: 404, title: "没有可下载的公开文件", detail: "没有符合条件的已公开文件。").ExecuteAsync(context);
            return;
        }

        var name = $"{region ?? "全部地区"}-{(year is { } y ? $"{y}年度" : "全部年度")}-{format}.zip";
        context.Response.ContentType = "application/zip";
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = $"disclosures-{format}.zip" }.ToString();

        // ZipArchive writes synchronously; the archive is streamed entry by entry, never held whole in memory.
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        using var zip = new ZipArchive(context.Response.Body, ZipArchiveMode.Create, leaveOpen: true);
        var manifest = new List<(string Path, DisclosureDocument Document, string? Table, byte[] Bytes)>();
        foreach (var item in items)
        {
            var document = await documents.LoadPublishedAsync(item.Id, null, context.RequestAborted);
            if (document is null)
            {
                continue;
            }

            var folder = $"{string.Join("-", document.Region)}/{document.Year}/{document.Slug}";
            switch (format)
            {
                case "json":
                    manifest.Add(($"{folder}.json", document, null, Write(zip, $"{folder}.json", s => s.Write(System.Text.Encoding.UTF8.GetBytes(DisclosureJson.Serialize(document))))));
                    break;
                case "xlsx":
                    manifest.Add(($"{folder}.xlsx", document, null, Write(zip, $"{folder}.xlsx", s => ExcelExporter.WriteDisclosure(document, s))));
                    break;
                case "pdf":
                    manifest.Add(($"{folder}.pdf", document, null, Write(zip, $"{folder}.pdf", s => pdf.Exporter!.WriteDisclosure(document, s))));
                    break;
                default:
                    var files = new List<PackageFile>();
                    for (var i = 0; i < document.Tables.Count; i++)
                    {
                        var table = document.Tables[i];
                        var file = $"{i + 1:00}-{table.Number}-{Safe(table.Title)}.csv";
                        var bytes = Write(zip, $"{folder}/{file}", s => CsvExporter.WriteTable(table, s));
                        files.Add(new PackageFile(file, false, bytes));
                        manifest.Add(($"{folder}/{file}", document, $"{table.Number} {table.Title}", bytes));
                    }

                    var package = FiscalDataPackage.Write(document, files, null);
                    manifest.Add(($"{folder}/datapackage.json", document, null, Write(zip, $"{folder}/datapackage.json", s => s.Write(System.Text.Encoding.UTF8.GetBytes(package)))));
                    break;
            }

            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        // What is in the ZIP and the SHA-256 of each file, so that an auditor can cite and verify every file.
        Write(zip, "manifest.csv", s =>
        {
            using var csv = new OpenDataCsv(s);
            foreach (var header in new[] { "文件", "字节数", "SHA-256", "地区", "部门", "年度", "类型", "版本", "表", "公开日期", "许可" })
            {
                csv.Text(header);
            }

            csv.EndRow();
            foreach (var (path, document, table, bytes) in manifest)
            {
                csv.Text(path);
                csv.Number(bytes.Length);
                csv.Text(FiscalDataPackage.Sha256(bytes));
                csv.Text(string.Join("", document.Region));
                csv.Text(document.Department.Name);
                csv.Number(document.Year);
                csv.Text(DisclosureKinds.ToChinese(document.Kind));
                csv.Number(document.Version ?? 1);
                csv.Text(table);
                csv.Text(document.PublishedAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                csv.Text(FiscalDataPackage.Licence);
                csv.EndRow();
            }
        });
        Write(zip, "SHA256SUMS", s => s.Write(System.Text.Encoding.UTF8.GetBytes(string.Concat(manifest.Select(m => $"{FiscalDataPackage.Sha256(m.Bytes)}  {m.Path}\n")))));
    }

    /// <summary>Renders a file into the ZIP and gives back its bytes (for the manifest's size and checksum).</summary>
    private static byte[] Write(ZipArchive zip, string path, Action<Stream> write)
    {
        // Renderers may seek; render into memory, then copy into the entry.
        using var buffer = new MemoryStream();
        write(buffer);
        using var entry = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        buffer.Position = 0;
        buffer.CopyTo(entry);
        return buffer.ToArray();
    }

    private static string Safe(string name) => new(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c).ToArray());
}
