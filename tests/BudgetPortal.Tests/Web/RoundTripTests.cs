using System.Text.Json;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The round trips the README promises, through the staff import page: a reference disclosure's whole workbook, as the
/// portal exports it, imported into a correction draft of that same disclosure; and the blank workbook of a new draft
/// of each built-in table set, imported back into that draft. Each preview must list no change at all.
/// </summary>
public sealed class RoundTripTests : PortalPerTest<PortalAppFactory>
{
    private const string Email = "staff@roundtrip.test";

    public static TheoryData<string> ReferenceSlugs() =>
        ["liaoning-2023-budget", "fushun-2023-final", "lushi-2023-budget", "shenyang-2024-final", "anshan-2025-budget"];

    public static TheoryData<string> BuiltInTableSets()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TableSets"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceSlugs))]
    public async Task AReferenceDisclosuresWorkbookImportsIntoItsOwnCorrectionWithNoChange(string slug)
    {
        int versionId, departmentId;
        using (var scope = Factory.Services.CreateScope())
        {
            var disclosure = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Disclosures.SingleAsync(d => d.Slug == slug);
            (versionId, departmentId) = (disclosure.CurrentVersionId!.Value, disclosure.DepartmentId);
        }

        var staff = await StaffOfAsync(departmentId);
        var corrected = await staff.PostFormAsync($"/staff/versions/{versionId}", "Correct", []);
        var path = corrected.RequestMessage!.RequestUri!.AbsolutePath;
        var draftId = int.Parse(path["/staff/versions/".Length..]);
        draftId.ShouldNotBe(versionId, await corrected.Content.ReadAsStringAsync());

        var workbook = await Factory.CreateClient().GetByteArrayAsync($"/disclosures/{slug}/xlsx");
        await ShouldImportWithNoChangeAsync(staff, draftId, workbook);
    }

    [Theory]
    [MemberData(nameof(BuiltInTableSets))]
    public async Task TheBlankWorkbookOfANewDraftImportsBackWithNoChange(string tableSet)
    {
        var kind = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TableSets", tableSet + ".json")))
            .RootElement.GetProperty("kind").GetString() == "final" ? "Final" : "Budget";
        int departmentId;
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var department = new Department { Name = "某县往返测试局", Region = new Region { Name = "某县", Level = RegionLevel.County } };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            departmentId = department.Id;
        }

        var staff = await StaffOfAsync(departmentId);
        var created = await staff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = departmentId.ToString(), ["Draft.Year"] = "2031", ["Draft.Kind"] = kind, ["Draft.TableSet"] = tableSet,
        });
        var path = created.RequestMessage!.RequestUri!.AbsolutePath;
        path.ShouldStartWith("/staff/versions/", Case.Sensitive, await created.Content.ReadAsStringAsync());
        var draftId = int.Parse(path["/staff/versions/".Length..]);

        var blank = await staff.Client.GetByteArrayAsync($"/staff/versions/{draftId}/import/workbook");
        await ShouldImportWithNoChangeAsync(staff, draftId, blank);
    }

    private async Task<StaffSession> StaffOfAsync(int departmentId)
    {
        string department;
        using (var scope = Factory.Services.CreateScope())
        {
            department = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Departments.Where(d => d.Id == departmentId).Select(d => d.Name).SingleAsync();
        }

        await ReviewVersions.AccountAsync(Factory.Services, Email, PortalRoles.DepartmentStaff, department: department);
        return await StaffSession.SignInAsync(Factory, Email, ReviewVersions.Password);
    }

    private static async Task ShouldImportWithNoChangeAsync(StaffSession staff, int draftId, byte[] workbook)
    {
        var html = await (await StaffDrafts.UploadWorkbookAsync(staff, draftId, workbook)).Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);
        page.QuerySelectorAll(".form-error").Select(e => e.TextContent.Trim()).ShouldBeEmpty();
        page.QuerySelectorAll("table.import-preview tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim()))).ShouldBeEmpty();
        html.ShouldContain("工作簿与草稿完全一致，没有需要导入的变化。");
    }
}
