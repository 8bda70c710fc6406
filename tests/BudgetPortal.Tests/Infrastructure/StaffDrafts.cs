using System.Globalization;
using System.Net.Http.Headers;
using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>Drafts made and workbooks uploaded the way staff do it, through the staff pages.</summary>
public static class StaffDrafts
{
    /// <summary>Signs in as the demo staff account and creates a draft of <paramref name="department"/>; returns its version id.</summary>
    public static async Task<(StaffSession Staff, int VersionId)> CreateAsync(
        WebApplicationFactory<Program> factory, string department, int year, string tableSet, string kind = "Budget")
    {
        var staff = await StaffSession.SignInAsync(factory, "staff@demo.budgetportal");
        int departmentId;
        using (var scope = factory.Services.CreateScope())
        {
            departmentId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Departments.Where(d => d.Name == department).Select(d => d.Id).SingleAsync();
        }

        var created = await staff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = departmentId.ToString(CultureInfo.InvariantCulture), ["Draft.Year"] = year.ToString(CultureInfo.InvariantCulture),
            ["Draft.Kind"] = kind, ["Draft.TableSet"] = tableSet,
        });
        return (staff, int.Parse(created.RequestMessage!.RequestUri!.AbsolutePath["/staff/versions/".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Uploads a workbook to the draft's import page; the response is the preview (or the refusal).</summary>
    public static async Task<HttpResponseMessage> UploadWorkbookAsync(StaffSession staff, int versionId, byte[] workbook, string name = "填报.xlsx")
    {
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(workbook);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", name);
        return await staff.Client.PostAsync($"/staff/versions/{versionId}/import/upload", form);
    }
}
