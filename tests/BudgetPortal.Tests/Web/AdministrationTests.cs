using System.Diagnostics;
using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The administration through HTTP against a real PostgreSQL: only administrators, every change audited; the region
/// tree; the bulk organisation import; accounts with their first sign-in and scope; the last administrator kept.
/// Organisations are invented here (a 教育局 of an invented district), never those of the reference documents. Each
/// test has its own portal and database (<see cref="PortalPerTest{TFactory}"/>): nothing one test changes (an account
/// demoted, a region made) is seen by another.
/// </summary>
public sealed class AdministrationTests(ITestOutputHelper output) : PortalPerTest<StaffAppFactory>
{
    internal const string Admin = "admin@demo.budgetportal";

    internal static readonly string[] NonAdministrators =
    [
        "staff@demo.budgetportal", "staff.fushun@demo.budgetportal", "reviewer@demo.budgetportal",
        "reviewer.henan@demo.budgetportal", "auditor@demo.budgetportal",
    ];

    private async Task<T> DbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync());

    private static async Task<string> PostAsync(StaffSession session, string url, string? handler, Dictionary<string, string> fields)
    {
        var response = await session.PostFormAsync(url, handler, fields);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    private async Task<int> CreateRegionAsync(StaffSession admin, string name, int? parentId)
    {
        var html = await PostAsync(admin, "/admin/regions", "Create", new() { ["name"] = name, ["parentId"] = parentId?.ToString() ?? "" });
        html.ShouldContain("已新建地区");
        return await DbAsync(db => db.Regions.Where(r => r.Name == name && r.ParentId == parentId).Select(r => r.Id).SingleAsync());
    }

    internal static MultipartFormDataContent Upload(string token, string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(content), "file", fileName);
        return form;
    }

    internal static string Csv(IEnumerable<string> lines) => string.Join("\n", ["地区路径,部门名称,部门代号,单位编码,单位名称,单位类型,是否本级", .. lines]);

    /// <summary>Uploads for preview; returns the page and the fields its confirmation form would post.</summary>
    private static async Task<(string Html, Dictionary<string, string>? Confirm)> PreviewAsync(StaffSession admin, string fileName, string csv)
    {
        var token = await admin.TokenAsync("/admin/import");
        var response = await admin.Client.PostAsync("/admin/import?handler=Preview", Upload(token, fileName, Encoding.UTF8.GetBytes(csv)));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form[action*=Apply]");
        return (html, form?.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? ""));
    }

    [Fact]
    public async Task AdministratorBuildsTheRegionTreeAndEveryChangeIsAudited()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        (await admin.Client.GetStringAsync("/admin")).ShouldContain("/admin/table-sets");

        var province = await CreateRegionAsync(admin, "东岭省", null);
        var city = await CreateRegionAsync(admin, "云台市", province);
        var district = await CreateRegionAsync(admin, "青溪区", city);
        var other = await CreateRegionAsync(admin, "白沙市", province);
        (await DbAsync(db => db.Regions.Where(r => r.Id == district).Select(r => r.Level).SingleAsync())).ShouldBe(RegionLevel.District);

        (await PostAsync(admin, "/admin/regions", "Rename", new() { ["id"] = district.ToString(), ["name"] = "清溪区" })).ShouldContain("改名为“清溪区”");
        (await PostAsync(admin, "/admin/regions", "Move", new() { ["id"] = district.ToString(), ["parentId"] = other.ToString() })).ShouldContain("东岭省/白沙市/清溪区");

        // A move under itself or under one of its own sub-regions is refused, and nothing changes.
        (await PostAsync(admin, "/admin/regions", "Move", new() { ["id"] = province.ToString(), ["parentId"] = district.ToString() })).ShouldContain("不能把“东岭省”移到它自己或它的下级地区");
        (await PostAsync(admin, "/admin/regions", "Move", new() { ["id"] = city.ToString(), ["parentId"] = city.ToString() })).ShouldContain("不能把");
        (await DbAsync(db => db.Regions.Where(r => r.Id == province).Select(r => r.ParentId).SingleAsync())).ShouldBeNull();
        // A second province of the same name is refused.
        (await PostAsync(admin, "/admin/regions", "Create", new() { ["name"] = "东岭省" })).ShouldContain("同一上级下已有地区");

        var tree = new HtmlParser().ParseDocument(await admin.Client.GetStringAsync("/admin/regions"));
        tree.QuerySelectorAll("ul.region-tree li").Select(li => li.QuerySelector("a")!.TextContent).ShouldContain("清溪区");

        (await AuditAsync("新建地区")).Select(a => a.Location).ShouldContain("东岭省/云台市/青溪区");
        (await AuditAsync("地区改名")).ShouldContain(a => a.OldValue == "东岭省/云台市/青溪区" && a.NewValue == "清溪区" && a.UserName == Admin);
        (await AuditAsync("调整地区上级")).ShouldContain(a => a.OldValue == "东岭省/云台市/清溪区" && a.NewValue == "东岭省/白沙市/清溪区");
    }

    [Fact]
    public async Task TwoAdministratorsCreatingTheSameProvinceAtOnceMakeOne()
    {
        var first = await StaffSession.SignInAsync(Factory, Admin);
        var second = await StaffSession.SignInAsync(Factory, Admin);
        var tokens = await Task.WhenAll(first.TokenAsync("/admin/regions"), second.TokenAsync("/admin/regions"));

        var pages = await Task.WhenAll(
            (await Task.WhenAll(
                first.PostAsync("/admin/regions", "Create", tokens[0], new() { ["name"] = "同时省" }),
                second.PostAsync("/admin/regions", "Create", tokens[1], new() { ["name"] = "同时省" })))
            .Select(r => r.Content.ReadAsStringAsync()));

        pages.Count(p => p.Contains("已新建地区", StringComparison.Ordinal)).ShouldBe(1);
        pages.Count(p => p.Contains("同一上级下已有", StringComparison.Ordinal)).ShouldBe(1);
        (await DbAsync(db => db.Regions.CountAsync(r => r.Name == "同时省"))).ShouldBe(1);
        (await AuditAsync("新建地区")).Count(a => a.Location == "同时省").ShouldBe(1);
    }

    [Fact]
    public async Task DepartmentsAndUnitsAreCreatedMovedAndAuditedWithOneOwnOffice()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var province = await CreateRegionAsync(admin, "北川省", null);
        var district = await CreateRegionAsync(admin, "望江区", province);
        var created = await admin.PostFormAsync("/admin/departments", "Create", new()
        {
            ["regionId"] = district.ToString(), ["name"] = "望江区文化旅游局", ["code"] = "318", ["slug"] = "wangjiang-wenlv",
        });
        var path = created.RequestMessage!.RequestUri!.AbsolutePath;
        path.ShouldStartWith("/admin/departments/");
        var url = path;
        await PostAsync(admin, url, "Unit", new() { ["unit.Code"] = "318001", ["unit.Name"] = "望江区文化旅游局（本级）", ["unit.Category"] = "Administrative", ["unit.OwnOffice"] = "true" });
        await PostAsync(admin, url, "Unit", new() { ["unit.Code"] = "318002", ["unit.Name"] = "望江区图书馆", ["unit.Category"] = "Institution" });
        var library = await DbAsync(db => db.Units.Where(u => u.Name == "望江区图书馆").Select(u => u.Id).SingleAsync());
        // Making the library 本级 turns the former 本级 into a subordinate unit: one 本级 per department.
        await PostAsync(admin, url, "Unit", new() { ["unit.Id"] = library.ToString(), ["unit.Code"] = "318002", ["unit.Name"] = "望江区图书馆", ["unit.Category"] = "Institution", ["unit.OwnOffice"] = "true" });
        (await DbAsync(db => db.Units.Where(u => u.Department.Name == "望江区文化旅游局" && u.Kind == BudgetUnit.OwnOffice).Select(u => u.Name).ToListAsync())).ShouldBe(["望江区图书馆"]);
        (await PostAsync(admin, url, "Save", new() { ["name"] = "望江区文化和旅游局", ["code"] = "318", ["slug"] = "wangjiang-wenlv", ["regionId"] = province.ToString() })).ShouldContain("已保存");
        (await PostAsync(admin, url, "Save", new() { ["name"] = "望江区文化和旅游局", ["slug"] = "Not A Slug!", ["regionId"] = province.ToString() })).ShouldContain("只能由小写英文字母");

        var department = await DbAsync(db => db.Departments.Include(d => d.Units).SingleAsync(d => d.Code == "318" && d.Slug == "wangjiang-wenlv"));
        department.Name.ShouldBe("望江区文化和旅游局");
        department.RegionId.ShouldBe(province);
        department.Units.Single(u => u.Code == "318001").Category.ShouldBe(UnitCategory.Administrative);
        (await AuditAsync("新建部门")).ShouldContain(a => a.Location == "北川省/望江区/望江区文化旅游局");
        (await AuditAsync("新建单位")).Count(a => a.Location!.StartsWith("北川省/望江区/望江区文化旅游局/", StringComparison.Ordinal)).ShouldBe(2);
        (await AuditAsync("部门改名")).ShouldContain(a => a.NewValue == "望江区文化和旅游局");
        (await AuditAsync("调整部门所属地区")).ShouldContain(a => a.OldValue == "北川省/望江区" && a.NewValue == "北川省");
    }

    [Fact]
    public async Task ImportPreviewRefusesBadRowsNamingRowAndColumnAndApplyingThemStoresNothing()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var csv = Csv(
        [
            "南屏省/临川市,临川市水务局,linchuan-shuiwu,501001,临川市水务局本级,行政单位,是",
            "南屏省/临川市,临川市水务局,linchuan-shuiwu,501002,临川市水文站,公益一类,否",
            "南屏省/临川市,,,501003,临川市河道所,事业单位,否",
            "南屏省/临川市,临川市水务局,linchuan-shuiwu,501004,临川市水务局机关,行政单位,是",
        ]);
        var (html, confirm) = await PreviewAsync(admin, "org.csv", csv);

        confirm.ShouldBeNull();
        html.ShouldContain("第 3 行“单位类型”：“公益一类”不是行政单位、参照公务员法管理事业单位、事业单位之一。");
        html.ShouldContain("第 4 行“部门名称”：不能为空。");
        (await DbAsync(db => db.Regions.AnyAsync(r => r.Name == "南屏省"))).ShouldBeFalse();

        // Two 本级 rows of one department are caught when the rows are planned (the form of each cell is fine).
        var (twoOffices, _) = await PreviewAsync(admin, "org.csv", Csv(
        [
            "南屏省/临川市,临川市水务局,,501001,临川市水务局本级,行政单位,是",
            "南屏省/临川市,临川市水务局,,501004,临川市水务局机关,行政单位,是",
        ]));
        twoOffices.ShouldContain("第 3 行“是否本级”：部门“临川市水务局”已在第 2 行有本级单位");

        // Confirming a file with a bad row (as a forged confirmation would) applies nothing either.
        var applied = await PostAsync(admin, "/admin/import", "Apply", new() { ["fileName"] = "org.csv", ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv)) });
        applied.ShouldContain("文件未导入");
        (await DbAsync(db => db.Regions.AnyAsync(r => r.Name == "南屏省"))).ShouldBeFalse();
        (await DbAsync(db => db.Departments.AnyAsync(d => d.Name == "临川市水务局"))).ShouldBeFalse();
        (await AuditAsync("批量导入组织机构")).ShouldNotContain(a => a.FileName == "org.csv");
    }

    [Fact]
    public async Task ImportOfAThousandRowsPreviewsThenAppliesInOneTransaction()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var lines = new List<string>();
        for (var d = 1; d <= 200; d++)
        {
            var city = d % 2 == 0 ? "西陵市" : "东陵市";
            var county = $"第{(d % 10) + 1}县";
            for (var u = 1; u <= 5; u++)
            {
                var kind = u == 1 ? "行政单位" : u == 2 ? "参公事业单位" : "事业单位";
                lines.Add($"中原示范省/{city}/{county},示范局{d:000},,{d:000}{u:000},示范局{d:000}单位{u},{kind},{(u == 1 ? "是" : "否")}");
            }
        }

        var watch = Stopwatch.StartNew();
        var (preview, confirm) = await PreviewAsync(admin, "province.csv", Csv(lines));
        var previewTime = watch.Elapsed;
        confirm.ShouldNotBeNull(preview);
        preview.ShouldContain("新建地区 13 个，新建部门 200 个，修改部门 0 个，新建单位 1000 个");
        (await DbAsync(db => db.Regions.AnyAsync(r => r.Name == "中原示范省"))).ShouldBeFalse("a preview writes nothing");

        watch.Restart();
        var done = await PostAsync(admin, "/admin/import", "Apply", confirm);
        output.WriteLine($"1,000 rows: preview {previewTime.TotalSeconds:0.00} s, apply {watch.Elapsed.TotalSeconds:0.00} s");
        done.ShouldContain("已导入“province.csv”（1000 行）");

        (await DbAsync(db => db.Units.CountAsync(u => u.Department.Name.StartsWith("示范局")))).ShouldBe(1000);
        (await DbAsync(db => db.Units.CountAsync(u => u.Department.Name.StartsWith("示范局") && u.Kind == BudgetUnit.OwnOffice))).ShouldBe(200);
        (await DbAsync(db => db.Units.CountAsync(u => u.Department.Name.StartsWith("示范局") && u.Category == UnitCategory.CivilServiceManaged))).ShouldBe(200);
        var summary = (await AuditAsync("批量导入组织机构")).Single(a => a.FileName == "province.csv");
        summary.FileHash.ShouldNotBeNullOrEmpty();
        (await DbAsync(db => db.AuditEntries.CountAsync(a => a.FileName == "province.csv"))).ShouldBe(1 + 13 + 200 + 1000);

        // The same file again changes nothing; one changed kind is listed as a change.
        lines[1] = lines[1].Replace("参公事业单位", "行政单位", StringComparison.Ordinal);
        var (again, _) = await PreviewAsync(admin, "province.csv", Csv(lines));
        again.ShouldContain("新建地区 0 个，新建部门 0 个，修改部门 0 个，新建单位 0 个，修改单位 1 个，无变化 999 行");
    }

    [Fact]
    public async Task ANewAccountMustChangeItsInitialPasswordAndThenWorksOnlyWithinItsScope()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var province = await CreateRegionAsync(admin, "西岭省", null);
        var city = await CreateRegionAsync(admin, "松原市", province);
        await admin.PostFormAsync("/admin/departments", "Create", new() { ["regionId"] = city.ToString(), ["name"] = "松原市教育局" });
        var departmentId = await DbAsync(db => db.Departments.Where(d => d.Name == "松原市教育局").Select(d => d.Id).SingleAsync());

        var created = await PostAsync(admin, "/admin/accounts", "Create", new()
        {
            ["email"] = "finance@songyuan.example", ["displayName"] = "教育局财务", ["role"] = "staff", ["password"] = "first-pass-2026",
            ["departmentIds"] = departmentId.ToString(),
        });
        created.ShouldContain("已新建账户");
        (await AuditAsync("新建账户")).ShouldContain(a => a.Location == "finance@songyuan.example" && a.NewValue!.Contains("松原市教育局"));

        var session = new StaffSession(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
        var signIn = await session.PostFormAsync("/account/login", null, new() { ["Input.Email"] = "finance@songyuan.example", ["Input.Password"] = "first-pass-2026" });
        signIn.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/password");
        (await session.Client.GetAsync("/staff")).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/password");
        (await (await session.PostFormAsync("/account/password", null, new() { ["Input.Current"] = "first-pass-2026", ["Input.New"] = "first-pass-2026", ["Input.Confirm"] = "first-pass-2026" }))
            .Content.ReadAsStringAsync()).ShouldContain("新密码不能与管理员设置的初始密码相同");
        await session.PostFormAsync("/account/password", null, new() { ["Input.Current"] = "first-pass-2026", ["Input.New"] = "my-own-pass-77", ["Input.Confirm"] = "my-own-pass-77" });

        var staffPage = await session.Client.GetAsync("/staff");
        staffPage.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/staff");
        var draft = await session.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = departmentId.ToString(), ["Draft.Year"] = "2027", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = "henan-county-budget",
        });
        draft.RequestMessage!.RequestUri!.AbsolutePath.ShouldStartWith("/staff/versions/", customMessage: await draft.Content.ReadAsStringAsync());
        var elsewhere = await DbAsync(db => db.Departments.Where(d => d.Id != departmentId).Select(d => d.Id).FirstAsync());
        (await session.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = elsewhere.ToString(), ["Draft.Year"] = "2027", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = "henan-county-budget",
        })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await session.Client.GetAsync("/admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Disabled: the next sign-in is refused.
        var userId = await DbAsync(db => db.Users.Where(u => u.Email == "finance@songyuan.example").Select(u => u.Id).SingleAsync());
        (await PostAsync(admin, $"/admin/accounts/{userId}", "Disable", [])).ShouldContain("账户已停用");
        var again = new StaffSession(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
        (await again.PostFormAsync("/account/login", null, new() { ["Input.Email"] = "finance@songyuan.example", ["Input.Password"] = "my-own-pass-77" }))
            .RequestMessage!.RequestUri!.AbsolutePath.ShouldNotBe("/staff");
        (await AuditAsync("停用账户")).ShouldContain(a => a.Location == "finance@songyuan.example");
    }

    [Fact]
    public async Task RoleScopeAndTwoFactorChangesAreAudited()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var region = await CreateRegionAsync(admin, "南岭省", null);
        await PostAsync(admin, "/admin/accounts", "Create", new() { ["email"] = "review@nanling.example", ["displayName"] = "南岭审核", ["role"] = "reviewer", ["regionIds"] = region.ToString() });
        var userId = await DbAsync(db => db.Users.Where(u => u.Email == "review@nanling.example").Select(u => u.Id).SingleAsync());

        (await PostAsync(admin, $"/admin/accounts/{userId}", "Scope", [])).ShouldContain("需要负责范围");
        (await PostAsync(admin, $"/admin/accounts/{userId}", "Role", new() { ["role"] = "auditor" })).ShouldContain("角色已修改");
        (await PostAsync(admin, $"/admin/accounts/{userId}", "Scope", [])).ShouldContain("负责范围已修改");
        (await PostAsync(admin, $"/admin/accounts/{userId}", "ResetTwoFactor", [])).ShouldContain("两步验证已重置");

        (await AuditAsync("修改账户角色")).ShouldContain(a => a.Location == "review@nanling.example" && a.OldValue == "审核人员" && a.NewValue == "审计人员");
        (await AuditAsync("修改负责范围")).ShouldContain(a => a.Location == "review@nanling.example" && a.OldValue == "地区：南岭省" && a.NewValue == "无负责范围");
        (await AuditAsync("重置两步验证")).ShouldContain(a => a.Location == "review@nanling.example");
        (await DbAsync(db => db.UserScopes.AnyAsync(s => s.UserId == userId))).ShouldBeFalse();
    }

    [Fact]
    public async Task TheLastAdministratorCannotBeDisabledOrDemotedEvenByTwoAdministratorsAtOnce()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var adminId = await DbAsync(db => db.Users.Where(u => u.Email == Admin).Select(u => u.Id).SingleAsync());
        (await PostAsync(admin, $"/admin/accounts/{adminId}", "Disable", [])).ShouldContain("这是最后一个启用的管理员账户，不能停用");
        (await PostAsync(admin, $"/admin/accounts/{adminId}", "Role", new() { ["role"] = "auditor" })).ShouldContain("这是最后一个启用的管理员账户，不能改为其他角色");

        await PostAsync(admin, "/admin/accounts", "Create", new() { ["email"] = "second.admin@example.org", ["displayName"] = "第二管理员", ["role"] = "admin", ["password"] = "second-admin-1" });
        var secondId = await DbAsync(db => db.Users.Where(u => u.Email == "second.admin@example.org").Select(u => u.Id).SingleAsync());
        var second = new StaffSession(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
        await second.PostFormAsync("/account/login", null, new() { ["Input.Email"] = "second.admin@example.org", ["Input.Password"] = "second-admin-1" });
        await second.PostFormAsync("/account/password", null, new() { ["Input.Current"] = "second-admin-1", ["Input.New"] = "second-admin-2", ["Input.Confirm"] = "second-admin-2" });

        // Each demotes the other at the same moment: one of them succeeds, the other is refused; one administrator is left.
        var firstToken = await admin.TokenAsync($"/admin/accounts/{secondId}");
        var secondToken = await second.TokenAsync($"/admin/accounts/{adminId}");
        var results = await Task.WhenAll(
            admin.PostAsync($"/admin/accounts/{secondId}", "Role", firstToken, new() { ["role"] = "auditor" }),
            second.PostAsync($"/admin/accounts/{adminId}", "Role", secondToken, new() { ["role"] = "auditor" }));
        var pages = await Task.WhenAll(results.Select(r => r.Content.ReadAsStringAsync()));

        pages.Count(p => p.Contains("角色已修改", StringComparison.Ordinal)).ShouldBe(1);
        // The loser is refused: by the last-administrator rule when it waited on the lock, or — when the winner's change
        // committed first — because its session ended with its role (the security stamp is checked on every request).
        var loser = pages.Single(p => !p.Contains("角色已修改", StringComparison.Ordinal));
        (loser.Contains("这是最后一个启用的管理员账户", StringComparison.Ordinal) || loser.Contains("登录", StringComparison.Ordinal) || loser.Contains("无权访问", StringComparison.Ordinal))
            .ShouldBeTrue(loser[..Math.Min(400, loser.Length)]);
        var roleId = await DbAsync(db => db.Roles.Where(r => r.Name == "admin").Select(r => r.Id).SingleAsync());
        (await DbAsync(db => db.UserRoles.CountAsync(ur => ur.RoleId == roleId && (ur.UserId == adminId || ur.UserId == secondId)))).ShouldBe(1);

    }

    /// <summary>An account made by the administrator for one department, signed in, its initial password changed.</summary>
    private async Task<StaffSession> NewStaffAsync(StaffSession admin, string email, int departmentId)
    {
        await PostAsync(admin, "/admin/accounts", "Create", new()
        {
            ["email"] = email, ["displayName"] = "填报人", ["role"] = "staff", ["password"] = "initial-pass-1", ["departmentIds"] = departmentId.ToString(),
        });
        var session = new StaffSession(Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
        await session.PostFormAsync("/account/login", null, new() { ["Input.Email"] = email, ["Input.Password"] = "initial-pass-1" });
        await session.PostFormAsync("/account/password", null, new() { ["Input.Current"] = "initial-pass-1", ["Input.New"] = "changed-pass-2", ["Input.Confirm"] = "changed-pass-2" });
        return session;
    }

    [Fact]
    public async Task ADraftForANewEducationBureauGetsItsTitleRegionAndAReadableUniqueSlugThatStaffCanEdit()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var (_, confirm) = await PreviewAsync(admin, "xincheng.csv", Csv(
        [
            "西江省/临江市/新城区,教育局,xincheng-jiaoyu,601001,新城区教育局（本级）,行政单位,是",
            "西江省/临江市/新城区,教育局,xincheng-jiaoyu,601002,新城区教师进修学校,事业单位,否",
            "西江省/临江市/新城区,新城区财政局,,602001,新城区财政局（本级）,行政单位,是",
        ]));
        await PostAsync(admin, "/admin/import", "Apply", confirm!);
        var departmentId = await DbAsync(db => db.Departments.Where(d => d.Slug == "xincheng-jiaoyu").Select(d => d.Id).SingleAsync());
        var finance = await DbAsync(db => db.Departments.Where(d => d.Name == "新城区财政局").Select(d => d.Id).SingleAsync());
        var staff = await NewStaffAsync(admin, "jiaoyu@xincheng.example", departmentId);

        var created = await staff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = departmentId.ToString(), ["Draft.Year"] = "2027", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = "henan-county-budget",
        });
        var versionId = int.Parse(created.RequestMessage!.RequestUri!.AbsolutePath["/staff/versions/".Length..]);
        var disclosure = await DbAsync(db => db.Disclosures.SingleAsync(d => d.DepartmentId == departmentId));
        disclosure.Title.ShouldBe("西江省临江市新城区教育局2027年部门预算");
        disclosure.Slug.ShouldBe("xincheng-jiaoyu-2027-budget");
        using (var scope = Factory.Services.CreateScope())
        {
            var draft = await scope.ServiceProvider.GetRequiredService<BudgetPortal.Web.Data.DocumentLoader>().LoadVersionAsync(versionId, CancellationToken.None);
            draft!.Document.Region.ShouldBe(["西江省", "临江市", "新城区"]);
            draft.Document.Department.Units.Select(u => u.Name).ShouldBe(["新城区教育局（本级）", "新城区教师进修学校"], ignoreOrder: true);
        }

        // A department without a 代号 and without earlier disclosures gets its id: still unique and stable.
        var financeStaff = await NewStaffAsync(admin, "caizheng@xincheng.example", finance);
        await financeStaff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = finance.ToString(), ["Draft.Year"] = "2027", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = "henan-county-budget",
        });
        (await DbAsync(db => db.Disclosures.Where(d => d.DepartmentId == finance).Select(d => d.Slug).SingleAsync())).ShouldBe($"dept-{finance}-2027-budget");

        // Staff edit the title, the slug, a table's empty-table note and footnotes.
        var details = $"/staff/versions/{versionId}/details";
        var saved = await PostAsync(staff, details, null, new()
        {
            ["Title"] = "新城区教育局2027年部门预算", ["Slug"] = "xincheng-edu-2027-budget",
            ["Tables[0].EmptyNote"] = "本部门无此项收支。", ["Tables[0].Footnotes"] = "注：本表金额单位为万元。\n注：合计数可能有尾差。",
        });
        saved.ShouldContain("已保存");
        (await PostAsync(staff, details, null, new() { ["Title"] = "x", ["Slug"] = $"dept-{finance}-2027-budget" })).ShouldContain("已被另一份公开文件使用");
        (await PostAsync(staff, details, null, new() { ["Title"] = "x", ["Slug"] = "新城" })).ShouldContain("只能由小写英文字母");
        disclosure = await DbAsync(db => db.Disclosures.SingleAsync(d => d.DepartmentId == departmentId));
        disclosure.Title.ShouldBe("新城区教育局2027年部门预算");
        disclosure.Slug.ShouldBe("xincheng-edu-2027-budget");
        var table = await DbAsync(db => db.Tables.Where(t => t.VersionId == versionId).OrderBy(t => t.Ordinal).FirstAsync());
        table.EmptyNote.ShouldBe("本部门无此项收支。");
        table.Footnotes.ShouldBe(["注：本表金额单位为万元。", "注：合计数可能有尾差。"]);
        (await AuditAsync("修改网址")).ShouldContain(a => a.OldValue == "xincheng-jiaoyu-2027-budget" && a.NewValue == "xincheng-edu-2027-budget");
        (await AuditAsync("修改表注")).ShouldContain(a => a.VersionId == versionId);

        // Section titles and kinds.
        var sections = $"/staff/versions/{versionId}/sections";
        await PostAsync(staff, sections, null, new() { ["Sections[0].Key"] = "overview", ["Sections[0].Title"] = "部门职责", ["Sections[0].Body"] = "负责全区教育工作。" });
        await PostAsync(staff, sections, null, new() { ["Sections[0].Key"] = "explanation", ["Sections[0].Title"] = "收支预算情况说明", ["Sections[0].Body"] = "负责全区教育工作。" });
        var section = await DbAsync(db => db.Sections.SingleAsync(x => x.VersionId == versionId));
        (section.Key, section.Title).ShouldBe(("explanation", "收支预算情况说明"));
        (await PostAsync(staff, sections, null, new() { ["Sections[0].Key"] = "<script>", ["Sections[0].Title"] = "x" })).ShouldContain("类别无效");

        // Another department's staff cannot edit this draft's details.
        var outsider = await StaffSession.SignInAsync(Factory, "staff@demo.budgetportal");
        (await outsider.Client.GetAsync(details)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

/// <summary>
/// Who may not administer, and the import template: nothing is changed (which the refusals assert), so the tests share
/// one portal.
/// </summary>
public sealed class AdministrationAccessTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    private async Task<T> DbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    [Fact]
    public async Task EveryAdministrationPageAndActionIsRefusedToEveryOtherRoleAndLeavesNoTrace()
    {
        var regionsBefore = await DbAsync(db => db.Regions.CountAsync());
        var auditBefore = await DbAsync(db => db.AuditEntries.CountAsync());
        var userId = await DbAsync(db => db.Users.Where(u => u.Email == AdministrationTests.Admin).Select(u => u.Id).SingleAsync());
        var departmentId = await DbAsync(db => db.Departments.Select(d => d.Id).FirstAsync());
        var csv = Encoding.UTF8.GetBytes(AdministrationTests.Csv(["拒绝省/拒绝市,拒绝局,,,拒绝局本级,行政单位,是"]));
        var mismatches = new List<string>();
        foreach (var account in AdministrationTests.NonAdministrators)
        {
            var session = await StaffSession.SignInAsync(factory, account);
            var token = await session.TokenAsync("/staff");
            var attempts = new Dictionary<string, Func<Task<HttpResponseMessage>>>
            {
                ["home"] = () => session.Client.GetAsync("/admin"),
                ["regions"] = () => session.Client.GetAsync("/admin/regions"),
                ["departments"] = () => session.Client.GetAsync("/admin/departments"),
                ["department"] = () => session.Client.GetAsync($"/admin/departments/{departmentId}"),
                ["accounts"] = () => session.Client.GetAsync("/admin/accounts"),
                ["account"] = () => session.Client.GetAsync($"/admin/accounts/{userId}"),
                ["import"] = () => session.Client.GetAsync("/admin/import"),
                ["template"] = () => session.Client.GetAsync("/admin/import?handler=Template"),
                ["create-region"] = () => session.PostAsync("/admin/regions", "Create", token, new() { ["name"] = "越权省" }),
                ["rename-region"] = () => session.PostAsync("/admin/regions", "Rename", token, new() { ["id"] = "1", ["name"] = "越权" }),
                ["move-region"] = () => session.PostAsync("/admin/regions", "Move", token, new() { ["id"] = "2", ["parentId"] = "" }),
                ["create-department"] = () => session.PostAsync("/admin/departments", "Create", token, new() { ["regionId"] = "1", ["name"] = "越权局" }),
                ["save-department"] = () => session.PostAsync($"/admin/departments/{departmentId}", "Save", token, new() { ["name"] = "越权局", ["regionId"] = "1" }),
                ["unit"] = () => session.PostAsync($"/admin/departments/{departmentId}", "Unit", token, new() { ["unit.Name"] = "越权单位" }),
                ["preview-import"] = () => session.Client.PostAsync("/admin/import?handler=Preview", AdministrationTests.Upload(token, "org.csv", csv)),
                ["apply-import"] = () => session.PostAsync("/admin/import", "Apply", token, new() { ["fileName"] = "org.csv", ["content"] = Convert.ToBase64String(csv) }),
                ["create-account"] = () => session.PostAsync("/admin/accounts", "Create", token, new() { ["email"] = "x@example.org", ["displayName"] = "x", ["role"] = "admin" }),
                ["role"] = () => session.PostAsync($"/admin/accounts/{userId}", "Role", token, new() { ["role"] = "auditor" }),
                ["scope"] = () => session.PostAsync($"/admin/accounts/{userId}", "Scope", token, new() { ["regionIds"] = "1" }),
                ["disable"] = () => session.PostAsync($"/admin/accounts/{userId}", "Disable", token, []),
                ["enable"] = () => session.PostAsync($"/admin/accounts/{userId}", "Enable", token, []),
                ["reset-2fa"] = () => session.PostAsync($"/admin/accounts/{userId}", "ResetTwoFactor", token, []),
            };
            foreach (var (action, attempt) in attempts)
            {
                var status = (await attempt()).StatusCode;
                if (status != HttpStatusCode.Forbidden)
                {
                    mismatches.Add($"{account} {action}: {(int)status}");
                }
            }
        }

        mismatches.ShouldBeEmpty();
        (await DbAsync(db => db.Regions.CountAsync())).ShouldBe(regionsBefore);
        (await DbAsync(db => db.Users.AnyAsync(u => u.Email == "x@example.org"))).ShouldBeFalse();
        (await DbAsync(db => db.AuditEntries.CountAsync())).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignInFromAdministration()
    {
        var response = await factory.CreateClient().GetAsync("/admin/accounts");

        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/login");
    }

    [Fact]
    public async Task TheImportTemplateIsAWorkbookWithTheColumns()
    {
        var admin = await StaffSession.SignInAsync(factory, AdministrationTests.Admin);
        var response = await admin.Client.GetAsync("/admin/import?handler=Template");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var book = new ClosedXML.Excel.XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = book.Worksheet("组织机构");
        sheet.Cell(1, 1).GetString().ShouldBe("地区路径");
        sheet.Cell(1, 6).GetString().ShouldBe("单位名称");
        sheet.Column(5).Style.NumberFormat.Format.ShouldBe("@");
    }
}
