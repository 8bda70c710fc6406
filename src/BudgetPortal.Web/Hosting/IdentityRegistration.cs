using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Sign-in with ASP.NET Core Identity on PostgreSQL: passwords of at least 10 characters with a digit and a lowercase
/// letter, neither common nor repetitive; failed sign-ins throttled per client and per account
/// (<see cref="SignInThrottle"/>) rather than locking accounts; the security stamp checked on every request, so that
/// signing out or changing the password ends every session; optional TOTP two-factor sign-in; a cookie that is
/// HttpOnly, SameSite=Lax and Secure whenever the request is HTTPS (directly or behind a trusted proxy).
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

                // Identity's lockout now guards only the second factor (reached with the right password); password
                // guessing is throttled instead, which a stranger cannot use to lock an owner out.
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<CommonPasswordValidator>();

        // Zero: the stamp is compared on every request of a signed-in user (one query by key), so a copied cookie
        // stops working the moment its owner signs out or changes the password.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "budgetportal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.AddForwardedHeaders();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AccessControl>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<StaffSeeding>();
        builder.Services.AddScoped<DraftEditor>();
        builder.Services.AddScoped<VersionWorkflow>();
        return builder;
    }

    /// <summary>
    /// Believes X-Forwarded-For and X-Forwarded-Proto from loopback and from the proxies of <see cref="ProxyOptions"/>
    /// only, so that behind nginx the client address (for throttling) and the scheme (for Secure cookies and HSTS)
    /// are the real ones, and nobody else can forge them.
    /// </summary>
    private static void AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<ProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in proxies.Value.KnownProxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(address));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
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

    /// <summary>One demo account: its role and scope name departments or regions of the reference data.</summary>
    public sealed record DemoAccount(string Email, string Name, string Role, string? Department = null, string? Region = null);

    /// <summary>
    /// The demo accounts belong to the reference disclosures they are scoped to, so they ship with them
    /// (data/reference/demo/accounts.json, copied to ReferenceData/demo), not in code.
    /// </summary>
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static IReadOnlyList<DemoAccount> DemoAccounts(string folder)
    {
        var file = Path.Combine(folder, "demo", "accounts.json");
        return File.Exists(file)
            ? System.Text.Json.JsonSerializer.Deserialize<List<DemoAccount>>(File.ReadAllText(file), WebJson) ?? []
            : [];
    }

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
            foreach (var a in DemoAccounts(BudgetPortal.Web.Data.Seeding.ReferenceData.DefaultFolder))
            {
                await EnsureUserAsync(a.Email, a.Name, a.Role, DemoPassword, a.Department, a.Region, ct);
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
