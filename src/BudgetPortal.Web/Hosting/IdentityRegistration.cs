using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Sign-in with ASP.NET Core Identity on PostgreSQL: lockout after 5 failures for 15 minutes, passwords of at least 10
/// characters with a digit, optional TOTP two-factor sign-in, a cookie that is HttpOnly and SameSite=Lax.
/// </summary>
public static class IdentityRegistration
{
    public static WebApplicationBuilder AddPortalIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrors>();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "budgetportal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AccessControl>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<StaffSeeding>();
        builder.Services.AddScoped<DraftEditor>();
        builder.Services.AddScoped<VersionWorkflow>();
        return builder;
    }
}

/// <summary>Identity's validation messages in Chinese.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少需要 {length} 个字符。" };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码至少需要一个数字。" };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码至少需要一个小写字母。" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "当前密码不正确。" };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"邮箱 {email} 已被使用。" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名 {userName} 已被使用。" };
}

/// <summary>
/// The first administrator from configuration (<c>Portal:Admin:Email</c>, <c>Portal:Admin:Password</c>), and in demo mode
/// (the embedded database, or <c>Portal:DemoAccounts=true</c>) one documented account per role.
/// </summary>
public sealed class StaffSeeding(PortalDbContext db, UserManager<PortalUser> users, RoleManager<IdentityRole> roles, ILogger<StaffSeeding> logger)
{
    public const string DemoPassword = "demo-portal-2025";

    public static readonly IReadOnlyList<(string Email, string Name, string Role, string? Department, string? Region)> DemoAccounts =
    [
        ("admin@demo.budgetportal", "演示管理员", PortalRoles.Administrator, null, null),
        ("staff@demo.budgetportal", "辽宁省医疗保障局填报员", PortalRoles.DepartmentStaff, "辽宁省医疗保障局", null),
        ("staff.fushun@demo.budgetportal", "抚顺市医疗保障局填报员", PortalRoles.DepartmentStaff, "辽宁省抚顺市医疗保障局", null),
        ("reviewer@demo.budgetportal", "辽宁省财政审核员", PortalRoles.Reviewer, null, "辽宁省"),
        ("reviewer.henan@demo.budgetportal", "河南省财政审核员", PortalRoles.Reviewer, null, "河南省"),
        ("auditor@demo.budgetportal", "演示审计员", PortalRoles.Auditor, null, null),
    ];

    public async Task RunAsync(string? adminEmail, string? adminPassword, bool demo, CancellationToken ct)
    {
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (!string.IsNullOrWhiteSpace(adminEmail) && !string.IsNullOrWhiteSpace(adminPassword))
        {
            await EnsureUserAsync(adminEmail, "管理员", PortalRoles.Administrator, adminPassword, null, null, ct);
        }

        if (demo)
        {
            foreach (var (email, name, role, department, region) in DemoAccounts)
            {
                await EnsureUserAsync(email, name, role, DemoPassword, department, region, ct);
            }
        }
    }

    public async Task<PortalUser> EnsureUserAsync(string email, string name, string role, string password, string? department, string? region, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"无法创建用户 {email}：{string.Join("；", created.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, role);
            logger.LogInformation("Created {Role} account {Email}", role, email);
        }

        var departmentId = department is null ? null : await db.Departments.Where(d => d.Name == department).Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
        var regionId = region is null ? null : await db.Regions.Where(r => r.Name == region).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        if ((departmentId ?? regionId) is not null
            && !await db.UserScopes.AnyAsync(s => s.UserId == user.Id && s.DepartmentId == departmentId && s.RegionId == regionId, ct))
        {
            db.UserScopes.Add(new UserScope { UserId = user.Id, DepartmentId = departmentId, RegionId = regionId });
            await db.SaveChangesAsync(ct);
        }

        return user;
    }
}
