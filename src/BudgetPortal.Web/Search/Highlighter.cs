using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace BudgetPortal.Web.Search;

/// <summary>Wraps every occurrence of the search words in <c>&lt;mark&gt;</c>; everything else is HTML-encoded.</summary>
public static class Highlighter
{
    // Chinese stays as characters, as in the rest of the site (see AddPortalWeb).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string ToHtml(string? text, IReadOnlyList<string> terms)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var marked = new bool[text.Length];
        foreach (var term in terms.Where(t => t.Length > 0))
        {
            for (var i = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(term, i + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, i, term.Length);
            }
        }

        var html = new StringBuilder(text.Length + 32);
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            while (end < text.Length && marked[end] == marked[start])
            {
                end++;
            }

            var part = Encoder.Encode(text[start..end]);
            html.Append(marked[start] ? $"<mark>{part}</mark>" : part);
            start = end;
        }

        return html.ToString();
    }

    public static HtmlString Mark(string? text, IReadOnlyList<string> terms) => new(ToHtml(text, terms));
}
