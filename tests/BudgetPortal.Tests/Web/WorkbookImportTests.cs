using System.Net;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The Excel round trip of a draft: download, change a cell in the workbook, upload, preview, confirm. Each test has its
/// own portal and database (<see cref="PortalPerTest{TFactory}"/>), so all make the same draft.
/// </summary>
public sealed class WorkbookImportTests : PortalPerTest<StaffAppFactory>
{
    /// <summary>A new draft of 辽宁省医疗保障局's budget in the liaoning set; each test's portal has only its own.</summary>
    private Task<(StaffSession Staff, int VersionId)> DraftAsync() =>
        StaffDrafts.CreateAsync(Factory, "辽宁省医疗保障局", 2028, "liaoning-province-budget");

    private async Task<DraftView> LoadAsync(int versionId)
    {
        using var scope = Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId, CancellationToken.None))!;
    }

    private static Task<HttpResponseMessage> UploadAsync(StaffSession staff, int versionId, byte[] workbook, string name = "填报.xlsx") =>
        StaffDrafts.UploadWorkbookAsync(staff, versionId, workbook, name);

    private static byte[] Edit(byte[] workbook, Action<XLWorkbook> change)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        change(book);
        using var output = new MemoryStream();
        book.SaveAs(output);
        return output.ToArray();
    }

    private static IXLCell Find(IXLWorksheet sheet, string text) => sheet.CellsUsed().First(c => c.GetFormattedString() == text);

    [Fact]
    public async Task OneCellChangedInExcelIsExactlyTheOneChangeAfterConfirming()
    {
        var (staff, versionId) = await DraftAsync();
        var before = await LoadAsync(versionId);
        var workbook = await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook");

        var edited = Edit(workbook, book =>
        {
            var sheet = book.Worksheet("表1 收支预算总表");
            var label = Find(sheet, "一、一般公共预算拨款收入");
            sheet.Cell(label.Address.RowNumber, label.Address.ColumnNumber + 1).Value = 1234.5;
        });
        var preview = await UploadAsync(staff, versionId, edited);
        var html = await preview.Content.ReadAsStringAsync();
        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("table.import-preview tbody tr").Select(r => r.TextContent.Trim()).ToList();
        // The row, then the column by its full header: 表1 prints 预算数 under both 收入 and 支出.
        rows.ShouldHaveSingleItem().ShouldContain("一、一般公共预算拨款收入收入 / 预算数");
        rows[0].ShouldContain("1234.50");
        (await LoadAsync(versionId)).TableIds.ShouldBe(before.TableIds, "nothing changes before confirming");

        var pendingId = new HtmlParser().ParseDocument(html).QuerySelector("input[name=pendingId]")!.GetAttribute("value")!;
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        var confirmed = await staff.PostAsync($"/staff/versions/{versionId}/import/confirm", null, token, new() { ["pendingId"] = pendingId });
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("1 处变化已保存");

        var after = await LoadAsync(versionId);
        var changes = after.Document.Tables.Zip(before.Document.Tables).SelectMany(p => TableDiff.Compare(p.Second, p.First)).ToList();
        changes.ShouldHaveSingleItem().New.ShouldBe("1234.50");
        using var scope = Factory.Services.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.Where(a => a.VersionId == versionId && a.Action == "导入工作簿").ToListAsync();
        audit.ShouldHaveSingleItem().FileName.ShouldBe("填报.xlsx");
        audit[0].FileHash!.Length.ShouldBe(64);
    }

    [Fact]
    public async Task AWholeWorkbookIsAppliedInBulkAndEveryChangedCellIsAudited()
    {
        var (staff, versionId) = await DraftAsync();
        var before = await LoadAsync(versionId);
        var workbook = await staff.Client.GetByteArrayAsync("/disclosures/liaoning-2023-budget/xlsx");

        var preview = await UploadAsync(staff, versionId, workbook, "整本.xlsx");
        var pendingId = new HtmlParser().ParseDocument(await preview.Content.ReadAsStringAsync()).QuerySelector("input[name=pendingId]")!.GetAttribute("value")!;
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        var confirmed = await staff.PostAsync($"/staff/versions/{versionId}/import/confirm", null, token, new() { ["pendingId"] = pendingId });

        var after = await LoadAsync(versionId);
        var changes = after.Document.Tables.Zip(before.Document.Tables)
            .SelectMany(p => TableDiff.Compare(p.Second, p.First).Select(c => $"{p.First.Number} {p.First.Title} · {c.Location}|{c.Old}|{c.New}")).ToList();
        changes.Count.ShouldBeGreaterThan(500);
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain($"{changes.Count} 处变化已保存");
        using var scope = Factory.Services.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.Where(a => a.VersionId == versionId && a.Action == "导入工作簿").ToListAsync();
        audit.Select(a => $"{a.Location}|{a.OldValue}|{a.NewValue}").Order(StringComparer.Ordinal).ShouldBe(changes.Order(StringComparer.Ordinal));
        audit.ShouldAllBe(a => a.FileName == "整本.xlsx" && a.FileHash!.Length == 64 && a.UserName != "系统");
        var reference = ReferenceFiles.BySlug("liaoning-2023-budget");
        foreach (var (stored, printed) in after.Document.Tables.Zip(reference.Tables).Where(p => p.Second.Fields is null))
        {
            TableDiff.Compare(printed, stored).ShouldBeEmpty(stored.Number);
        }
    }

    [Fact]
    public async Task AWorkbookWithTextInAnAmountCellIsRefusedWithSheetAndCellAndChangesNothing()
    {
        var (staff, versionId) = await DraftAsync();
        var before = await LoadAsync(versionId);
        var workbook = await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook");
        string address = "";
        var edited = Edit(workbook, book =>
        {
            var sheet = book.Worksheet("表1 收支预算总表");
            var label = Find(sheet, "一、一般公共预算拨款收入");
            var target = sheet.Cell(label.Address.RowNumber, label.Address.ColumnNumber + 1);
            target.Value = "一千二百";
            address = target.Address.ToString()!;
        });

        var html = await (await UploadAsync(staff, versionId, edited)).Content.ReadAsStringAsync();

        html.ShouldContain($"工作表“表1 收支预算总表”单元格 {address}（“预算数”列）：“一千二百”不是金额");
        html.ShouldNotContain("name=\"pendingId\"");
        (await LoadAsync(versionId)).TableIds.ShouldBe(before.TableIds);
    }

    [Fact]
    public async Task AFileThatIsNotAWorkbookIsRefused()
    {
        var (staff, versionId) = await DraftAsync();

        var html = await (await UploadAsync(staff, versionId, "这不是工作簿"u8.ToArray(), "假的.xlsx")).Content.ReadAsStringAsync();

        html.ShouldContain("不是有效的 Excel 工作簿（.xlsx）");
    }

    [Fact]
    public async Task AWorkbookThatExpandsFarBeyondItsSizeIsRefusedBeforeParsing()
    {
        var (staff, versionId) = await DraftAsync();
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 120; i++)
            {
                stream.Write(zeros);
            }
        }

        var html = await (await UploadAsync(staff, versionId, zip.ToArray(), "炸弹.xlsx")).Content.ReadAsStringAsync();

        html.ShouldContain("疑似压缩炸弹");
    }
}
