using System.Net;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Every role × every action, inside and outside its scope, enforced on the server: a draft of 辽宁省医疗保障局
/// (region 辽宁省); staff scoped to it or to 抚顺; reviewers scoped to 辽宁省 or 河南省; an auditor; an administrator.
/// Each test has its own portal and database (<see cref="PortalPerTest{TFactory}"/>), so every draft is of one year.
/// </summary>
public sealed class ScopeMatrixTests : PortalPerTest<StaffAppFactory>
{
    private static readonly string[] Accounts =
    [
        "admin@demo.budgetportal", "staff@demo.budgetportal", "staff.fushun@demo.budgetportal",
        "reviewer@demo.budgetportal", "reviewer.henan@demo.budgetportal", "auditor@demo.budgetportal",
    ];

    /// <summary>Who may do what (everyone else gets 403).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["read"] = ["admin@demo.budgetportal", "staff@demo.budgetportal", "reviewer@demo.budgetportal", "auditor@demo.budgetportal"],
        // Opening a table: staff get the grid, every other reader the table as it will be published (read-only).
        ["edit"] = ["admin@demo.budgetportal", "staff@demo.budgetportal", "reviewer@demo.budgetportal", "auditor@demo.budgetportal"],
        ["add-row"] = ["staff@demo.budgetportal"],
        ["create"] = ["staff@demo.budgetportal"],
        ["correct"] = ["staff@demo.budgetportal"],
        ["approve"] = ["reviewer@demo.budgetportal"],
        ["return"] = ["reviewer@demo.budgetportal"],
        ["publish"] = ["reviewer@demo.budgetportal"],
        ["audit"] = ["admin@demo.budgetportal", "auditor@demo.budgetportal"],
        ["deadlines"] = ["admin@demo.budgetportal", "reviewer@demo.budgetportal", "reviewer.henan@demo.budgetportal", "auditor@demo.budgetportal"],
        ["submit"] = ["staff@demo.budgetportal"],
    };

    private const int Year = 2031;

    private async Task<(int VersionId, int DepartmentId)> DraftAsync()
    {
        var (_, versionId) = await StaffDrafts.CreateAsync(Factory, "辽宁省医疗保障局", Year, "liaoning-province-budget");
        using var scope = Factory.Services.CreateScope();
        return (versionId, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Versions.Where(v => v.Id == versionId).Select(v => v.Disclosure.DepartmentId).SingleAsync());
    }

    private static async Task<HttpStatusCode> DoAsync(StaffSession s, string action, int versionId, int departmentId)
    {
        var version = $"/staff/versions/{versionId}";
        var token = await s.TokenAsync("/staff");
        HttpResponseMessage response = action switch
        {
            "read" => await s.Client.GetAsync(version),
            "edit" => await s.Client.GetAsync($"{version}/tables/3"),
            "add-row" => await s.PostAsync($"{version}/tables/3", "AddRow", token, new() { ["NewCode"] = "x", ["TableId"] = "0" }),
            "create" => await s.PostAsync("/staff", "Create", token, new()
            {
                ["Draft.DepartmentId"] = departmentId.ToString(), ["Draft.Year"] = Year.ToString(), ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = "liaoning-province-budget",
            }),
            "correct" => await s.PostAsync(version, "Correct", token, []),
            "approve" => await s.PostAsync(version, "Approve", token, []),
            "return" => await s.PostAsync(version, "Return", token, []),
            "publish" => await s.PostAsync(version, "Publish", token, []),
            "submit" => await s.PostAsync(version, "Submit", token, []),
            "audit" => await s.Client.GetAsync("/staff/audit"),
            "deadlines" => await s.Client.GetAsync("/staff/deadlines"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        return response.StatusCode;
    }

    [Fact]
    public async Task EveryRoleAndActionInsideAndOutsideItsScope()
    {
        var (versionId, departmentId) = await DraftAsync();
        var sessions = new Dictionary<string, StaffSession>();
        foreach (var account in Accounts)
        {
            sessions[account] = await StaffSession.SignInAsync(Factory, account);
        }

        var mismatches = new List<string>();
        // Submit last: it changes the draft's state (the other actions are refused or change nothing).
        foreach (var action in Allowed.Keys)
        {
            foreach (var account in Accounts)
            {
                var status = await DoAsync(sessions[account], action, versionId, departmentId);
                var expected = Allowed[action].Contains(account) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                if (status != expected)
                {
                    mismatches.Add($"{account} {action}: {(int)status}, expected {(int)expected}");
                }
            }
        }

        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public async Task ADraftIsNeverPublicAndNeverCached()
    {
        var (versionId, _) = await DraftAsync();
        string slug;
        using (var scope = Factory.Services.CreateScope())
        {
            slug = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Versions.Where(v => v.Id == versionId).Select(v => v.Disclosure.Slug).SingleAsync();
        }

        var anonymous = Factory.CreateClient();

        (await anonymous.GetAsync($"/disclosures/{slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/api/disclosures/{slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        var page = await staff.Client.GetAsync($"/staff/versions/{versionId}");
        page.Headers.ETag.ShouldBeNull();
        page.Headers.CacheControl?.Public.ShouldNotBe(true);
    }
}

/// <summary>Signing in and out of the staff pages: nothing is written, so the tests share one portal.</summary>
public sealed class StaffSignInTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    [Theory]
    [InlineData("/staff")]
    [InlineData("/staff/audit")]
    [InlineData("/staff/deadlines")]
    [InlineData("/staff/versions/1")]
    [InlineData("/account/password")]
    public async Task AnonymousVisitorsAreSentToSignIn(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task SignOutFromTheHeaderEndsTheSession()
    {
        var staff = await StaffSession.SignInAsync(factory, "auditor@demo.budgetportal");
        var token = await staff.TokenAsync("/staff");

        await staff.PostAsync("/account/logout", null, token, []);

        (await staff.Client.GetAsync("/staff")).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/login");
    }
}
