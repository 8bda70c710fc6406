using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace BudgetPortal.Web.Rendering;

/// <summary>
/// Narrative sections are Markdown written by department staff: rendered with raw HTML disabled, then sanitized
/// (no scripts, no event handlers, no javascript: links) before any page shows them.
/// </summary>
public static class NarrativeHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static HtmlString Render(string markdown) => new(Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }
}
