using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>Key in HttpContext.Items set when the antiforgery check refused the request.</summary>
    public const string AntiforgeryFailed = "BudgetPortal.AntiforgeryFailed";

    public int Code { get; private set; }

    /// <summary>The 400 came from an expired or missing form token (a form left open too long, or signed out elsewhere).</summary>
    public bool FormExpired { get; private set; }
    public string? RequestId { get; private set; }

    public IActionResult OnGet(int? code) => Render(code);

    public IActionResult OnPost(int? code) => Render(code);

    private IActionResult Render(int? code)
    {
        Code = code ?? 500;
        FormExpired = Code == 400 && HttpContext.Items.ContainsKey(AntiforgeryFailed);
        RequestId = HttpContext.TraceIdentifier;
        var originalPath = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        if (originalPath?.StartsWith("/api/", StringComparison.Ordinal) == true)
        {
            // API clients get RFC 7807 problem details, not an HTML page.
            return new ObjectResult(new ProblemDetails
            {
                Status = Code,
                Title = Code switch { 404 => "未找到", >= 500 => "服务器错误", _ => "请求无法处理" },
                Instance = originalPath,
            })
            { StatusCode = Code, ContentTypes = { "application/problem+json" } };
        }

        Response.StatusCode = Code;
        return Page();
    }
}
