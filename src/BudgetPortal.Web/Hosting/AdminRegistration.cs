using System.Security.Claims;
using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// The administration pages under <c>/admin</c> (administrators only, for the whole folder, so that no page can forget
/// it) and the first sign-in of an account created with an initial password: until the password is changed, every
/// request of that account is sent to the password page <c>/account/password</c>.
/// </summary>
public static class AdminRegistration
{
    public const string AdministratorsOnly = "administrators";
    public const string PasswordPage = "/account/password";

    public static WebApplicationBuilder AddPortalAdministration(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdministratorsOnly, p => p.RequireRole(PortalRoles.Administrator));
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Admin", AdministratorsOnly));
        // Registered after AddIdentity, so it replaces the default factory: the claim travels in the sign-in cookie.
        builder.Services.AddScoped<IUserClaimsPrincipalFactory<PortalUser>, PortalClaimsFactory>();
        builder.Services.AddScoped<UserManager<PortalUser>, PortalUserManager>();
        builder.Services.AddScoped<AccountAdministration>();
        builder.Services.AddScoped<OrganisationImport>();
        builder.Services.AddScoped<HistoryImport>();
        builder.Services.AddScoped<DraftDetails>();
        return builder;
    }

    /// <summary>Sends an account that must change its password to the change page, whatever it asks for.</summary>
    public static WebApplication UseFirstSignIn(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.HasClaim(PortalClaimsFactory.MustChangePassword, "true")
                && !path.StartsWithSegments(PasswordPage, StringComparison.OrdinalIgnoreCase)
                && !path.StartsWithSegments("/account/logout", StringComparison.OrdinalIgnoreCase)
                && !path.StartsWithSegments("/error", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect(PasswordPage);
                return;
            }

            await next();
        });
        return app;
    }
}

/// <summary>Adds the must-change-password mark to the sign-in cookie (so checking it costs no query).</summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    public const string MustChangePassword = "budgetportal:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePassword, "true"));
        }

        return identity;
    }
}

/// <summary>
/// Clears the must-change-password mark when the password is changed (on the ordinary password page, which then renews
/// the sign-in cookie without the mark), and refuses the initial password as the new one.
/// </summary>
public sealed class PortalUserManager(
    IUserStore<PortalUser> store, IOptions<IdentityOptions> options, IPasswordHasher<PortalUser> hasher,
    IEnumerable<IUserValidator<PortalUser>> userValidators, IEnumerable<IPasswordValidator<PortalUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<PortalUser>> logger)
    : UserManager<PortalUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override async Task<IdentityResult> ChangePasswordAsync(PortalUser user, string currentPassword, string newPassword)
    {
        if (user.MustChangePassword && currentPassword == newPassword)
        {
            return IdentityResult.Failed(new IdentityError { Code = "SameAsInitial", Description = "新密码不能与管理员设置的初始密码相同。" });
        }

        var result = await base.ChangePasswordAsync(user, currentPassword, newPassword);
        if (result.Succeeded && user.MustChangePassword)
        {
            user.MustChangePassword = false;
            return await UpdateAsync(user);
        }

        return result;
    }
}
