using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace BudgetPortal.Web.Workbooks;

/// <summary>
/// Reads a posted form before the antiforgery check does, within the page's size and form limits. When the body is
/// too large or has too many fields, antiforgery would fail reading it and answer an empty HTTP 400; instead the page
/// is shown again with <c>?refused=size</c> or <c>?refused=form</c>, for it to explain in Chinese.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FormReadGuardAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>After the request size and form limit filters (900), before antiforgery (1000).</summary>
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType || context.Result is not null)
        {
            return;
        }

        var limit = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength > limit)
        {
            // Refused before reading: nothing of the body is buffered.
            context.Result = Refused("size");
            return;
        }

        try
        {
            await request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // Form limits (field count, multipart length) exceeded.
            context.Result = Refused("form");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A body without Content-Length that grew beyond the limit while being read.
            context.Result = Refused("size");
        }
    }

    private static RedirectToPageResult Refused(string reason) => new(pageName: null, pageHandler: null, routeValues: new { refused = reason });
}
