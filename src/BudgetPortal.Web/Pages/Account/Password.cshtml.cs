using System.ComponentModel.DataAnnotations;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Account;

[Authorize]
public sealed class PasswordModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AuditLog audit, PortalDbContext db) : PageModel
{
    public sealed record InputModel
    {
        [Required(ErrorMessage = "请填写当前密码。")]
        [DataType(DataType.Password)]
        [Display(Name = "当前密码")]
        public string Current { get; init; } = "";

        [Required(ErrorMessage = "请填写新密码。")]
        [DataType(DataType.Password)]
        [Display(Name = "新密码（至少 10 个字符，含数字和小写字母）")]
        public string New { get; init; } = "";

        [Compare(nameof(New), ErrorMessage = "两次输入的新密码不一致。")]
        [DataType(DataType.Password)]
        [Display(Name = "再次输入新密码")]
        public string Confirm { get; init; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        audit.Add("修改密码");
        await db.SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(user);
        Done = true;
        return Page();
    }
}
