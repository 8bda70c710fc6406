using System.ComponentModel.DataAnnotations;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Account;

public sealed class LoginModel(PasswordSignIn passwordSignIn) : PageModel
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

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The client address as the trusted proxy saw it (forwarded headers are applied first in the pipeline).
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        switch (await passwordSignIn.SignInAsync(Input.Email, Input.Password, client))
        {
            case PasswordSignIn.Outcome.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/staff");
            case PasswordSignIn.Outcome.RequiresTwoFactor:
                return RedirectToPage("LoginWith2fa", new { ReturnUrl });
            case PasswordSignIn.Outcome.Throttled:
                Error = SignInThrottle.Message;
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            default:
                Error = PasswordSignIn.WrongCredentials;
                return Page();
        }
    }
}
