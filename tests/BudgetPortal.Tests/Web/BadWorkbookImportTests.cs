using System.Net;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Tests.Importing;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Workbooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>The portal with the demo accounts and import slots that do not wait (a full gate answers at once).</summary>
public class ImportAppFactory : PortalAppFactory
{
    protected override bool DemoAccounts => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Import:QueueWaitSeconds", "0");
    }

    public Task<(StaffSession Staff, int VersionId)> CreateDraftAsync(int year) => ImportHttp.CreateDraftAsync(this, year);
}

/// <summary>
/// The import portal on a copy of a template that holds one draft of 辽宁省医疗保障局's <see cref="Year"/> budget with
/// the 2023 budget's tables imported from its workbook and confirmed: made once per run, copied for every test, so
/// each test has the filled draft to itself.
/// </summary>
public sealed class FilledDraftAppFactory : ImportAppFactory
{
    public const int Year = 2031;

    private static readonly Lazy<Task<(string Template, (int VersionId, byte[] Workbook) Draft)>> Filled = new(() => Task.Run(() =>
        TestDatabaseServer.DerivedTemplateAsync("portal_template_filled_draft", demoAccounts: true, portal => ImportHttp.CreateFilledDraftAsync(portal, Year))));

    protected override string TemplateDatabase => Filled.Value.GetAwaiter().GetResult().Template;

    /// <summary>The filled draft (the same id in every copy) and the workbook it downloads as.</summary>
    public static async Task<(int VersionId, byte[] Workbook)> FilledDraftAsync() => (await Filled.Value).Draft;
}

internal static class ImportHttp
{
    public static Task<(StaffSession Staff, int VersionId)> CreateDraftAsync(PortalAppFactory portal, int year) =>
        StaffDrafts.CreateAsync(portal, "辽宁省医疗保障局", year, "liaoning-province-budget");

    /// <summary>A new draft of the 2023 budget's table set with that document's tables imported and confirmed.</summary>
    public static async Task<(int VersionId, byte[] Workbook)> CreateFilledDraftAsync(PortalAppFactory portal, int year)
    {
        var (staff, versionId) = await CreateDraftAsync(portal, year);
        var reference = await staff.Client.GetByteArrayAsync("/disclosures/liaoning-2023-budget/xlsx");
        var html = await (await UploadAsync(staff, versionId, reference)).Content.ReadAsStringAsync();
        var pendingId = PendingId(html) ?? throw new InvalidOperationException($"the reference workbook was refused: {html}");
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        (await staff.PostAsync($"/staff/versions/{versionId}/import/confirm", null, token, new() { ["pendingId"] = pendingId })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (versionId, await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook"));
    }

    public static Task<HttpResponseMessage> UploadAsync(StaffSession staff, int versionId, byte[] workbook, string name = "填报.xlsx") =>
        StaffDrafts.UploadWorkbookAsync(staff, versionId, workbook, name);

    public static string? PendingId(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("input[name=pendingId]")?.GetAttribute("value");

    public static List<string> Errors(string html) =>
        [.. new HtmlParser().ParseDocument(html).QuerySelectorAll(".form-error").Select(e => e.TextContent.Trim())];
}

/// <summary>
/// The bad-workbook corpus through HTTP: a Chinese message naming the place, and the draft unchanged. Each test has its
/// own portal and copy of the filled draft (<see cref="FilledDraftAppFactory"/>): what one case leaves behind no other sees.
/// </summary>
public sealed class BadWorkbookImportTests : PortalPerTest<FilledDraftAppFactory>
{
    private async Task<DraftView> LoadAsync(int versionId)
    {
        using var scope = Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId, CancellationToken.None))!;
    }

    private async Task<int> PendingCountAsync(int versionId)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().PendingImports.CountAsync(p => p.VersionId == versionId);
    }

    private static string Json(DraftView draft) =>
        System.Text.Json.JsonSerializer.Serialize(draft.Document.Tables, BudgetPortal.Core.Documents.DisclosureJson.Create(indented: false));

    [Theory]
    [MemberData(nameof(BadWorkbooks.Names), MemberType = typeof(BadWorkbooks))]
    public async Task EveryWorkbookOfTheCorpusIsRefusedWithItsMessageAndTheDraftIsUnchanged(string name)
    {
        var (versionId, good) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var before = await LoadAsync(versionId);
        var (file, expected) = BadWorkbooks.Get(name).Make(good);

        var response = await ImportHttp.UploadAsync(staff, versionId, file, $"{name}.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        string.Join("\n", ImportHttp.Errors(html)).ShouldContain(expected);
        ImportHttp.PendingId(html).ShouldBeNull();
        var after = await LoadAsync(versionId);
        after.TableIds.ShouldBe(before.TableIds);
        Json(after).ShouldBe(Json(before));
        (await PendingCountAsync(versionId)).ShouldBe(0, "nothing of a refused workbook is stored");
    }

    [Fact]
    public async Task AnUploadLargerThanTheRequestLimitGetsAChinesePageNotAnEmpty400()
    {
        var (versionId, _) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");

        var response = await ImportHttp.UploadAsync(staff, versionId, new byte[12 * 1024 * 1024]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        string.Join("\n", ImportHttp.Errors(await response.Content.ReadAsStringAsync())).ShouldContain("文件过大（上限 10 MB）");
        (await PendingCountAsync(versionId)).ShouldBe(0);
    }

    [Fact]
    public async Task AnUploadIntoAVersionThatIsNotADraftIsRefusedBeforeAnythingIsStored()
    {
        var (versionId, workbook) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        (await staff.PostFormAsync($"/staff/versions/{versionId}", "Submit", new() { ["confirm"] = "true" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var html = await (await ImportHttp.UploadAsync(staff, versionId, workbook)).Content.ReadAsStringAsync();

        string.Join("\n", ImportHttp.Errors(html)).ShouldContain("不能导入");
        ImportHttp.PendingId(html).ShouldBeNull();
        (await PendingCountAsync(versionId)).ShouldBe(0);
    }

    [Fact]
    public async Task WhenEveryImportSlotIsTakenTheUserIsAskedToRetryInsteadOfWaiting()
    {
        var (versionId, good) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var gate = Factory.Services.GetRequiredService<ImportGate>();
        var held = new List<IDisposable>();
        try
        {
            while (await gate.TryEnterAsync(CancellationToken.None) is { } slot)
            {
                held.Add(slot);
            }

            var html = await (await ImportHttp.UploadAsync(staff, versionId, good)).Content.ReadAsStringAsync();

            string.Join("\n", ImportHttp.Errors(html)).ShouldContain("当前导入任务较多，请稍后重试");
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }

        held.Count.ShouldBe(2, "the production default is two imports at a time");
    }

    [Fact]
    public async Task AnExpiredPreviewCannotBeConfirmedAndTheCleanupDeletesIt()
    {
        var (versionId, good) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var before = await LoadAsync(versionId);
        var changed = BadWorkbooks.Edit(good, book =>
        {
            var code = BadWorkbooks.Find(book.Worksheet(BadWorkbooks.Spending), "2080501");
            code.Worksheet.Cell(code.Address.RowNumber, code.Address.ColumnNumber + 2).Value = 10.5;
        });
        var pendingId = ImportHttp.PendingId(await (await ImportHttp.UploadAsync(staff, versionId, changed)).Content.ReadAsStringAsync())!;
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.PendingImports.Where(p => p.Id == Guid.Parse(pendingId)).ExecuteUpdateAsync(u => u.SetProperty(p => p.CreatedAt, p => p.CreatedAt.AddHours(-2)));
        }

        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        var html = await (await staff.PostAsync($"/staff/versions/{versionId}/import/confirm", null, token, new() { ["pendingId"] = pendingId })).Content.ReadAsStringAsync();

        string.Join("\n", ImportHttp.Errors(html)).ShouldContain("已失效");
        (await LoadAsync(versionId)).TableIds.ShouldBe(before.TableIds);

        ImportHttp.PendingId(await (await ImportHttp.UploadAsync(staff, versionId, changed)).Content.ReadAsStringAsync()).ShouldNotBeNull();
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.PendingImports.Where(p => p.VersionId == versionId).ExecuteUpdateAsync(u => u.SetProperty(p => p.CreatedAt, p => p.CreatedAt.AddMinutes(-61)));
        }

        (await Factory.Services.GetRequiredService<PendingImportCleanup>().DeleteExpiredAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        (await PendingCountAsync(versionId)).ShouldBe(0);
    }

    [Fact]
    public async Task AnotherUploadReplacesTheEarlierPreviewInsteadOfAccumulating()
    {
        var (versionId, good) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var changed = BadWorkbooks.Edit(good, book =>
        {
            var code = BadWorkbooks.Find(book.Worksheet(BadWorkbooks.Spending), "2080501");
            code.Worksheet.Cell(code.Address.RowNumber, code.Address.ColumnNumber + 2).Value = 11.5;
        });

        for (var i = 0; i < 3; i++)
        {
            ImportHttp.PendingId(await (await ImportHttp.UploadAsync(staff, versionId, changed)).Content.ReadAsStringAsync()).ShouldNotBeNull();
        }

        (await PendingCountAsync(versionId)).ShouldBe(1);
    }

    [Fact]
    public async Task AnUnchangedWorkbookIsNoChangeAndLongNamesWithinTheLimitsAreConfirmed()
    {
        var (versionId, good) = await FilledDraftAppFactory.FilledDraftAsync();
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var unchanged = await (await ImportHttp.UploadAsync(staff, versionId, good)).Content.ReadAsStringAsync();
        unchanged.ShouldContain("工作簿与草稿完全一致");

        var project = new string('项', 395);
        var name = new string('名', 400);
        var edited = BadWorkbooks.Edit(good, book =>
        {
            BadWorkbooks.Find(book.Worksheet(BadWorkbooks.Spending), "行政单位离退休").SetValue(name);
            var sheet = book.Worksheet(BadWorkbooks.Projects);
            var header = BadWorkbooks.Find(sheet, "项目名称");
            var firstProject = sheet.Column(header.Address.ColumnNumber).CellsUsed().First(c => c.Address.RowNumber > header.Address.RowNumber + 1 && c.GetString().Length > 0);
            firstProject.SetValue(project);
        });
        var html = await (await ImportHttp.UploadAsync(staff, versionId, edited, new string('长', 300) + ".xlsx")).Content.ReadAsStringAsync();
        var pendingId = ImportHttp.PendingId(html);
        pendingId.ShouldNotBeNull(string.Join("\n", ImportHttp.Errors(html)));
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");

        var confirmed = await staff.PostAsync($"/staff/versions/{versionId}/import/confirm", null, token, new() { ["pendingId"] = pendingId });

        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("处变化已保存");
        var after = await LoadAsync(versionId);
        after.Document.Tables.SelectMany(t => t.Rows).ShouldContain(r => r.Project == project);
        after.Document.Tables.SelectMany(t => t.Rows).ShouldContain(r => r.Name == name);
    }
}
