using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BudgetPortal.Core.Exports;

/// <summary>The plain text of Markdig's inline nodes, for renderers that draw text themselves (the PDF).</summary>
public static class MarkdownText
{
    /// <summary>The text of a paragraph or heading: emphasis dropped, links as their text, hard and soft breaks kept as line breaks.</summary>
    public static string Inline(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString().Trim();
    }

    /// <summary>The text of a table cell (its paragraphs, one per line).</summary>
    public static string Cell(TableCell cell) =>
        string.Join("\n", cell.OfType<LeafBlock>().Select(b => Inline(b.Inline)));

    private static void Append(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append('\n');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline link:
                text.Append(link.Url);
                break;
            case HtmlInline html:
                text.Append(html.Tag);
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(child, text);
                }

                break;
        }
    }
}
