using System.ComponentModel.DataAnnotations;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Account;

public sealed class LoginModel(SignInManager<PortalUser> signIn, AuditLog audit, BudgetPortal.Web.Data.PortalDbContext db) : PageModel
{
    public sealed record InputModel
    {
        [Required(ErrorMessage = "请填写邮箱。")]
        [EmailAddress(ErrorMessage = "邮箱格式不正确。")]
        [Display(Name = "邮箱")]
        public string Email { get; init; } = "";

        [Required(ErrorMessage = "请填写密码。")]
        [DataType(DataType.Password)]
        [Display(Name = "密码")]
        public string Password { get; init; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("LoginWith2fa", new { ReturnUrl });
        }

        if (result.IsLockedOut)
        {
            Error = "登录失败次数过多，账户已暂时锁定，请 15 分钟后再试。";
            audit.Add("登录锁定", detail: Input.Email);
            await db.SaveChangesAsync(ct);
            return Page();
        }

        if (!result.Succeeded)
        {
            Error = "邮箱或密码不正确。";
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/staff");
    }
}
