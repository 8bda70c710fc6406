using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Staff entry that never loses work, through the staff pages: a draft started from the department's previous
/// disclosure, a refused value kept in its cell, computed totals marked, the import preview's labels, a submitted
/// version still readable, and the printed marks (-, —, /) in amount cells. Departments of their own, not the seeds'.
/// </summary>
public sealed class StaffEntryTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    private Task<TableDocument> WaterTableAsync(string tableCode) => StaffEntryData.WaterTableAsync(factory.Services, tableCode);

    private Task GrantAsync(int departmentId) => StaffEntryData.GrantStaffAsync(factory.Services, departmentId);

    private async Task<DraftView> LoadAsync(int versionId)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId, default))!;
    }

    /// <summary>Creates the department's 2031 budget through the form; returns the session, the version id and the page.</summary>
    private async Task<(StaffSession Staff, int VersionId, string Page)> CreateAsync(int departmentId, bool fromPrevious, bool sections = false)
    {
        var staff = await StaffSession.SignInAsync(factory, "staff@demo.budgetportal");
        var fields = new Dictionary<string, string>
        {
            ["Draft.DepartmentId"] = departmentId.ToString(CultureInfo.InvariantCulture), ["Draft.Year"] = "2031", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = StaffEntryData.SetCode,
        };
        if (fromPrevious)
        {
            fields["Draft.FromPrevious"] = "true";
        }

        if (sections)
        {
            fields["Draft.WithSections"] = "true";
        }

        var created = await staff.PostFormAsync("/staff", "Create", fields);
        var path = created.RequestMessage!.RequestUri!.AbsolutePath;
        path.ShouldStartWith("/staff/versions/", customMessage: await created.Content.ReadAsStringAsync());
        return (staff, int.Parse(path["/staff/versions/".Length..], CultureInfo.InvariantCulture), await created.Content.ReadAsStringAsync());
    }

    private async Task<(StaffSession Staff, int VersionId)> StartedFromPreviousAsync(string department)
    {
        var previous = await DisclosureBuilder.ForDepartment(department).InState(VersionStatus.Published)
            .WithTable(await WaterTableAsync("expenditure")).WithTable(await WaterTableAsync("functional"))
            .WithSection("overview", "一、部门职责", "负责全县水利工程建设与管理。")
            .SaveAsync(factory.Services);
        await GrantAsync(previous.DepartmentId);
        var (staff, versionId, _) = await CreateAsync(previous.DepartmentId, fromPrevious: true);
        return (staff, versionId);
    }

    /// <summary>Posts the grid as a browser would: every field of the page's grid form, some overridden.</summary>
    private static async Task<IDocument> PostGridAsync(StaffSession staff, int versionId, int n, string handler, Dictionary<string, string> overrides)
    {
        var url = $"/staff/versions/{versionId}/tables/{n}";
        var page = new HtmlParser().ParseDocument(await staff.Client.GetStringAsync(url));
        var fields = page.QuerySelectorAll("form.grid-form input")
            .Where(i => i.GetAttribute("type") != "checkbox" && i.GetAttribute("name") is not null and not "NewCode")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, overrides.GetValueOrDefault(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")))
            .ToList();
        var response = await staff.Client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static int RowOf(DraftView draft, int n, string code) => draft.Document.Tables[n - 1].Rows.FindIndex(r => r.Code == code);

    private static int TableNumber(DraftView draft, string code) => draft.Document.Tables.FindIndex(t => t.Code == code) + 1;

    [Fact]
    public async Task ADraftStartedFromThePreviousDisclosureHasItsRowsAndCodesWithEveryFigureBlank()
    {
        var previous = await DisclosureBuilder.ForDepartment("某县水务局").InState(VersionStatus.Published)
            .WithTable(await WaterTableAsync("expenditure")).WithTable(await WaterTableAsync("functional"))
            .WithSection("overview", "一、部门职责", "负责全县水利工程建设与管理。")
            .SaveAsync(factory.Services);
        await GrantAsync(previous.DepartmentId);

        var (_, versionId, page) = await CreateAsync(previous.DepartmentId, fromPrevious: true, sections: true);

        page.ShouldContain("复制各表的行和科目编码及文字说明");
        var draft = (await LoadAsync(versionId)).Document;
        foreach (var code in new[] { "expenditure", "functional" })
        {
            var table = draft.Tables.Single(t => t.Code == code);
            table.Rows.Where(r => r.Code is not null).Select(r => $"{r.Code} {r.Name}").ShouldBe(["213 农林水支出", "21303 水利", "2130301 行政运行"]);
            table.Rows.Single(r => r.Code == "2130301").Level.ShouldBe(3);
            table.HasNoData().ShouldBeTrue("figures of the previous year are not this year's figures: every amount starts blank");
        }

        // A table the previous disclosure did not have starts as the set's blank table.
        draft.Tables.Single(t => t.Code == "gpb_expenditure").Rows.ShouldNotContain(r => r.Code != null);
        draft.Sections.Single().Body.ShouldBe("负责全县水利工程建设与管理。");
    }

    [Fact]
    public async Task WithoutAPreviousDisclosureTheDraftIsTheSetsBlankTablesAndSaysSo()
    {
        var alone = await DisclosureBuilder.ForDepartment("某县林草局").ForYear(2033).SaveAsync(factory.Services);
        await GrantAsync(alone.DepartmentId);

        var (_, versionId, page) = await CreateAsync(alone.DepartmentId, fromPrevious: true);

        page.ShouldContain("没有找到该部门往年已公开的同类文件");
        (await LoadAsync(versionId)).Document.Tables.SelectMany(t => t.Rows).ShouldNotContain(r => r.Code != null);
    }

    [Fact]
    public async Task ARefusedValueStaysInItsCellHighlightedWithItsMessageAndNothingIsSaved()
    {
        var (staff, versionId) = await StartedFromPreviousAsync("某县水利局");
        var draft = await LoadAsync(versionId);
        var n = TableNumber(draft, "expenditure");
        var row = RowOf(draft, n, "2130301");

        var page = await PostGridAsync(staff, versionId, n, "Save", new() { [$"Cells[{row}][3]"] = "12abc", [$"Cells[{row}][4]"] = "7" });

        var input = page.QuerySelector($"input[name='Cells[{row}][3]']")!;
        input.GetAttribute("value").ShouldBe("12abc");
        input.GetAttribute("aria-invalid").ShouldBe("true");
        var cell = input.Closest("td")!;
        cell.ClassList.ShouldContain("cell-rejected");
        cell.QuerySelector(".cell-note")!.TextContent.ShouldContain("“12abc”不是金额");
        page.QuerySelector($"input[name='Cells[{row}][4]']")!.GetAttribute("value").ShouldBe("7", "the other values typed stay too");
        page.QuerySelector("form.grid-form")!.GetAttribute("data-unsaved").ShouldBe("true");
        (await LoadAsync(versionId)).TableIds.ShouldBe(draft.TableIds);
    }

    [Fact]
    public async Task ComputedTotalsAreMarkedAndAReplacedFigureShowsWhatItWas()
    {
        var (staff, versionId) = await StartedFromPreviousAsync("某县水文局");
        var draft = await LoadAsync(versionId);
        var n = TableNumber(draft, "expenditure");
        int Row(string code) => RowOf(draft, n, code);

        // 项 2130301: 基本 40 + 项目 2; its 类 213 entered as 999 by hand.
        var page = await PostGridAsync(staff, versionId, n, "Totals", new()
        {
            [$"Cells[{Row("2130301")}][4]"] = "40", [$"Cells[{Row("2130301")}][6]"] = "2", [$"Cells[{Row("213")}][2]"] = "999",
        });

        page.QuerySelector(".computed-hint").ShouldNotBeNull();
        var item = page.QuerySelector($"input[name='Cells[{Row("2130301")}][2]']")!;
        item.GetAttribute("value").ShouldBe("42");
        item.Closest("td")!.ClassList.ShouldContain("cell-computed");
        var replaced = page.QuerySelector($"input[name='Cells[{Row("213")}][2]']")!;
        replaced.GetAttribute("value").ShouldBe("42");
        replaced.Closest("td")!.QuerySelector(".cell-note")!.TextContent.ShouldBe("计算值，原为 999");
        page.QuerySelector("form.grid-form")!.GetAttribute("data-unsaved").ShouldBe("true");
        (await LoadAsync(versionId)).TableIds.ShouldBe(draft.TableIds, "computed totals are offered, not saved");
    }

    [Fact]
    public async Task TheImportPreviewGroupsByTableWithRowCodeAndNameAndTheFullColumnPathAndSkipsFootnotes()
    {
        var (staff, versionId) = await StartedFromPreviousAsync("某县河道管理局");
        var draft = await LoadAsync(versionId);
        var n = TableNumber(draft, "functional");
        var table = draft.Document.Tables[n - 1];
        var workbook = await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook");

        using var book = new XLWorkbook(new MemoryStream(workbook));
        var sheet = book.Worksheets.Single(s => s.Name.StartsWith(table.Number + " ", StringComparison.Ordinal));
        var item = sheet.CellsUsed().First(c => c.GetFormattedString() == "2130301");
        // Leaf 4 is 本年收入 / 合计; another group of the header has a 合计 of its own.
        item.WorksheetRow().Cell(4).SetValue(12.5);
        var last = sheet.LastRowUsed()!.RowNumber();
        sheet.Cell(last + 1, 1).SetValue("注：本表反映部门本年度预算，按支出功能分类科目列示。");
        sheet.Cell(last + 2, 1).SetValue("说明：尾数差异系四舍五入所致。");
        using var output = new MemoryStream();
        book.SaveAs(output);

        var response = await StaffDrafts.UploadWorkbookAsync(staff, versionId, output.ToArray());
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        var sections = page.QuerySelectorAll("section.diff-table");
        sections.Length.ShouldBe(1, page.QuerySelector(".form-error")?.TextContent);
        sections[0].QuerySelector("h3")!.TextContent.ShouldBe($"{table.Number} {table.Title}（1 处变化）");
        var change = sections[0].QuerySelector("tbody tr")!;
        change.QuerySelector("th")!.TextContent.ShouldBe("2130301 行政运行");
        change.QuerySelectorAll("td").Select(c => c.TextContent).ShouldBe(["本年收入 / 合计", "", "12.50"]);
        ColumnNode.LeafPaths(table.Columns).Count(p => p.EndsWith("/ 合计", StringComparison.Ordinal)).ShouldBeGreaterThan(1, "the leaf title alone would be ambiguous");
        page.Body!.TextContent.ShouldNotContain("尾数差异");
    }

    [Fact]
    public async Task StaffReadTheirSubmittedTablesReadOnly()
    {
        var submitted = await DisclosureBuilder.ForDepartment("某县灌溉中心").InState(VersionStatus.Submitted)
            .WithTable(await WaterTableAsync("expenditure")).SaveAsync(factory.Services);
        await GrantAsync(submitted.DepartmentId);
        var staff = await StaffSession.SignInAsync(factory, "staff@demo.budgetportal");

        (await staff.Client.GetStringAsync($"/staff/versions/{submitted.VersionId}")).ShouldContain($"href=\"/staff/versions/{submitted.VersionId}/tables/1\">查看</a>");
        var response = await staff.Client.GetAsync($"/staff/versions/{submitted.VersionId}/tables/1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        page.QuerySelector("table.read-only")!.TextContent.ShouldContain("2130301");
        page.QuerySelector("table.read-only")!.TextContent.ShouldContain("80");
        page.QuerySelectorAll("input[name^='Cells']").ShouldBeEmpty();
        page.QuerySelector("form.grid-form").ShouldBeNull();
        page.Body!.TextContent.ShouldContain("表格只读");

        // Another department's submitted tables stay closed.
        var other = await DisclosureBuilder.ForDepartment("某县气象局").InState(VersionStatus.Submitted).WithTable(await WaterTableAsync("expenditure")).SaveAsync(factory.Services);
        (await staff.Client.GetAsync($"/staff/versions/{other.VersionId}/tables/1")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("/")]
    public async Task APrintedMarkInAnAmountCellIsKeptAsTheMarkByTheGridAndTheImporterNeverAsZero(string mark)
    {
        var (staff, versionId) = await StartedFromPreviousAsync($"某县供水公司{(int)mark[0]}");
        var draft = await LoadAsync(versionId);
        var n = TableNumber(draft, "expenditure");
        var row = RowOf(draft, n, "2130301");

        var page = await PostGridAsync(staff, versionId, n, "Save", new() { [$"Cells[{row}][6]"] = mark });

        page.QuerySelectorAll(".form-error").ShouldBeEmpty();
        var saved = (await LoadAsync(versionId)).Document.Tables[n - 1].Rows[row];
        saved.Cells[6].Text.ShouldBe(mark);
        saved.Cells[6].Number.ShouldBeNull();
        saved.Cells[5].IsBlank.ShouldBeTrue("blank stays blank");
        page.QuerySelector($"input[name='Cells[{row}][6]']")!.GetAttribute("value").ShouldBe(mark);

        // The workbook carries the mark out and back: nothing changes; the mark typed in Excel into another cell is read as the mark.
        var workbook = await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook");
        (await (await StaffDrafts.UploadWorkbookAsync(staff, versionId, workbook)).Content.ReadAsStringAsync()).ShouldContain("没有需要导入的变化");
        using var book = new XLWorkbook(new MemoryStream(workbook));
        var table = (await LoadAsync(versionId)).Document.Tables[n - 1];
        var sheet = book.Worksheets.Single(s => s.Name.StartsWith(table.Number + " ", StringComparison.Ordinal));
        sheet.CellsUsed().First(c => c.GetFormattedString() == "2130301").WorksheetRow().Cell(6).SetValue(mark);
        using var output = new MemoryStream();
        book.SaveAs(output);
        var preview = new HtmlParser().ParseDocument(await (await StaffDrafts.UploadWorkbookAsync(staff, versionId, output.ToArray())).Content.ReadAsStringAsync());
        preview.QuerySelectorAll(".form-error").Select(e => e.TextContent).ShouldBeEmpty();
        preview.QuerySelector("section.diff-table tbody tr")!.QuerySelectorAll("td")[^1].TextContent.ShouldBe(mark);
    }

    [Fact]
    public async Task TheStaffHomeHasNoEmptyValidationBoxAndNoInlineStyle()
    {
        var staff = await StaffSession.SignInAsync(factory, "staff@demo.budgetportal");

        var home = await staff.Client.GetStringAsync("/staff");

        home.ShouldNotContain("style=");
        new HtmlParser().ParseDocument(home).QuerySelectorAll(".form-error").ShouldBeEmpty();
        home.ShouldContain("name=\"Draft.FromPrevious\"");
    }
}
