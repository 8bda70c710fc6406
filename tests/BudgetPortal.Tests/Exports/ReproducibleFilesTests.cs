using System.IO.Compression;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Tests.Infrastructure;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Exports;

/// <summary>A published version's downloads are the same bytes at every render, and carry the version's own date.</summary>
public sealed class ReproducibleFilesTests
{
    private static readonly DateTimeOffset Published = new(2024, 2, 3, 1, 0, 0, TimeSpan.Zero);

    private static DisclosureDocument PublishedDocument(DateTimeOffset? at = null) =>
        PdfExporterTests.LongTable(30) with { Status = "published", PublishedAt = at ?? Published };

    private static byte[] Bytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void APublishedVersionsPdfAndWorkbooksAreTheSameBytesAtEveryRender()
    {
        var document = PublishedDocument();
        var pdf = Pdf.Exporter.Value;
        Bytes(s => pdf.WriteDisclosure(document, s)).ShouldBe(Bytes(s => pdf.WriteDisclosure(document, s)));
        Bytes(s => pdf.WriteTable(document, 0, s)).ShouldBe(Bytes(s => pdf.WriteTable(document, 0, s)));
        Bytes(s => ExcelExporter.WriteDisclosure(document, s)).ShouldBe(Bytes(s => ExcelExporter.WriteDisclosure(document, s)));
        Bytes(s => ExcelExporter.WriteTable(document, 0, s)).ShouldBe(Bytes(s => ExcelExporter.WriteTable(document, 0, s)));
        var lines = new List<ReportLine>();
        Bytes(s => CheckReportExporter.WriteXlsx("勾稽检查", lines, s)).ShouldBe(Bytes(s => CheckReportExporter.WriteXlsx("勾稽检查", lines, s)));

        // Another publication time is another file.
        Bytes(s => pdf.WriteTable(PublishedDocument(Published.AddDays(1)), 0, s)).ShouldNotBe(Bytes(s => pdf.WriteTable(document, 0, s)));
    }

    [Fact]
    public void TheFilesCarryThePublicationDateNotTheTimeOfRendering()
    {
        var document = PublishedDocument();
        var pdf = System.Text.Encoding.Latin1.GetString(Bytes(s => Pdf.Exporter.Value.WriteTable(document, 0, s)));
        pdf.ShouldContain("/CreationDate(D:20240203010000Z)");
        pdf.ShouldContain("<xmp:CreateDate>2024-02-03T01:00:00Z</xmp:CreateDate>");

        var xlsx = Bytes(s => ExcelExporter.WriteDisclosure(document, s));
        using (var workbook = new XLWorkbook(new MemoryStream(xlsx)))
        {
            workbook.Properties.Created.ShouldBe(Published.UtcDateTime, TimeSpan.FromSeconds(1));
            workbook.Worksheets.Count.ShouldBe(2, "the contents and the table: the package opens as it was written");
        }

        using var zip = new ZipArchive(new MemoryStream(xlsx));
        zip.Entries.ShouldAllBe(e => e.LastWriteTime.DateTime == Published.DateTime);

        // Approved but not dated: the approval day; neither: no date at all (never the time of rendering).
        ReproducibleFiles.DateOf(document with { PublishedAt = null, ApprovedOn = new DateOnly(2024, 1, 20) })
            .ShouldBe(new DateTimeOffset(2024, 1, 20, 0, 0, 0, TimeSpan.Zero));
        ReproducibleFiles.DateOf(document with { PublishedAt = null }).ShouldBeNull();
        var undated = System.Text.Encoding.Latin1.GetString(Bytes(s => Pdf.Exporter.Value.WriteTable(document with { PublishedAt = null }, 0, s)));
        undated.ShouldNotContain("/CreationDate");
    }

    [Fact]
    public void ADraftIsDatedNow()
    {
        var draft = PdfExporterTests.LongTable(3) with { Status = null, PublishedAt = null };
        ReproducibleFiles.DateOf(draft).ShouldNotBeNull().ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
    }
}
