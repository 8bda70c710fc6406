using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Account;

/// <summary>TOTP two-factor sign-in (RFC 6238, any authenticator app): show the key, confirm with a code, or turn off.</summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AuditLog audit, PortalDbContext db) : PageModel
{
    public bool Enabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public string? Message { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Message = "验证码不正确，请重试。";
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        audit.Add("启用两步验证");
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(user);
        await LoadAsync();
        Message = "两步验证已启用。";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        var user = await LoadAsync();
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        audit.Add("停用两步验证");
        await db.SaveChangesAsync(ct);

        // Both changes renew the security stamp, which ends every session (checked on each request): keep this one.
        await signIn.RefreshSignInAsync(user);
        await LoadAsync();
        Message = "两步验证已停用。";
        return Page();
    }

    private async Task<PortalUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return null;
        }

        Enabled = await users.GetTwoFactorEnabledAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);

            // A new key renews the security stamp, which would end this very session at its next request.
            await signIn.RefreshSignInAsync(user);
        }

        SharedKey = key!;
        AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString("预决算公开平台:" + user.Email)}?secret={key}&issuer={Uri.EscapeDataString("预决算公开平台")}&digits=6";
        return user;
    }
}
