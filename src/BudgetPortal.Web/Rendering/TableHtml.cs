using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using BudgetPortal.Core.Layout;
using Microsoft.AspNetCore.Html;

namespace BudgetPortal.Web.Rendering;

/// <summary>
/// One numbered table of a disclosure page as HTML, from the same <see cref="TableLayout"/> the PDF and the workbook
/// render: caption, multi-level header with <c>scope</c>/<c>colspan</c>/<c>rowspan</c>, the row name as a
/// <c>th scope="row"</c> indented by level, code and name columns sticky when a wide table scrolls, amounts right-aligned,
/// every row addressable as <c>#t{n}-r{m}</c>, form lines and task grids, footnotes and the empty-table note.
/// Written directly (not by a Razor partial) and compactly: no indentation, no empty attributes — a table of a thousand
/// cells is a large part of the page, and the HTML of a published version is written once and kept
/// (<see cref="RenderedVersionCache"/>, decision 0430).
/// </summary>
public static class TableHtml
{
    /// <summary>As the pages encode text: Chinese as characters, never as entities (the app's WebEncoderOptions).</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All));

    /// <param name="layout">The table.</param>
    /// <param name="tableId">Its anchor (<c>t3</c>); rows are <c>t3-r1</c>, <c>t3-r2</c> ….</param>
    /// <param name="downloads">The download address with <c>{0}</c> for the format (pdf, xlsx, csv); null for none.</param>
    /// <param name="permalink">The address of the table alone; null when the table is shown alone.</param>
    public static HtmlString Render(TableLayout layout, string tableId, string? downloads, string? permalink)
    {
        var html = new StringBuilder(256 + layout.Rows.Count * Math.Max(1, layout.Leaves.Count) * 24);
        Write(html, layout, tableId, downloads, permalink);
        return new HtmlString(html.ToString());
    }

    private static void Write(StringBuilder h, TableLayout t, string id, string? downloads, string? permalink)
    {
        var number = Encode(t.Number);
        h.Append("<section class=\"public-table\" id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-title\">")
            .Append("<div class=\"table-heading\"><span class=\"table-number\">").Append(number).Append("</span><h3 id=\"").Append(id).Append("-title\">")
            .Append(Encode(t.Title));
        if (t.IsEmpty)
        {
            h.Append("<span class=\"empty-mark\">").Append(TableLayout.EmptyMark).Append("</span>");
        }

        h.Append("</h3>");
        if (downloads is not null && !t.Missing)
        {
            string Link(string format) => Encode(string.Format(CultureInfo.InvariantCulture, downloads, format));
            h.Append("\n<span class=\"table-downloads\">下载本表：<a href=\"").Append(Link("pdf")).Append("\" aria-label=\"下载").Append(number).Append("为 PDF\">PDF</a> · ")
                .Append("<a href=\"").Append(Link("xlsx")).Append("\" aria-label=\"下载").Append(number).Append("为 Excel\">Excel</a> · ")
                .Append("<a href=\"").Append(Link("csv")).Append("\" aria-label=\"下载").Append(number).Append("为 CSV\">CSV</a>");
            if (permalink is not null)
            {
                h.Append(" · <a href=\"").Append(Encode(permalink)).Append("\" aria-label=\"单独查看").Append(number).Append("（可引用的链接）\">单独查看</a>");
            }

            h.Append("</span>");
        }

        h.Append("</div>\n");
        if (t.Missing)
        {
            h.Append("<p class=\"missing-note\" role=\"note\">").Append(Encode(string.Join(" ", t.Footnotes))).Append("</p></section>\n");
            return;
        }

        h.Append("<div class=\"table-meta\"><span>").Append(Encode(t.DepartmentLine)).Append("</span>");
        if (t.YearLine is not null)
        {
            h.Append("<span>").Append(Encode(t.YearLine)).Append("</span>");
        }

        if (t.UnitLine is not null)
        {
            h.Append("<span>").Append(Encode(t.UnitLine)).Append("</span>");
        }

        h.Append("</div>\n");
        WriteForm(h, t.FormBefore, after: false);
        var title = Encode(t.Title);
        h.Append("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"").Append(number).Append(' ').Append(title).Append("（可横向滚动）\">")
            .Append("<table class=\"data-table").Append(t.CodeColumn >= 0 ? " has-sticky-code" : "").Append("\">")
            .Append("<caption class=\"visually-hidden\">").Append(number).Append(' ').Append(title).Append(' ').Append(Encode(t.UnitLine)).Append("</caption>\n<thead>\n");
        foreach (var headerRow in t.HeaderRows)
        {
            h.Append("<tr>");
            foreach (var cell in headerRow)
            {
                h.Append("<th scope=\"").Append(cell.ColSpan > 1 ? "colgroup" : "col").Append('"');
                if (cell.IsLeaf && Sticky(t, cell.FirstLeaf) is { } sticky)
                {
                    h.Append(" class=\"").Append(sticky).Append('"');
                }

                if (cell.ColSpan > 1)
                {
                    h.Append(" colspan=\"").Append(cell.ColSpan).Append('"');
                }

                if (cell.RowSpan > 1)
                {
                    h.Append(" rowspan=\"").Append(cell.RowSpan).Append('"');
                }

                h.Append('>').Append(Encode(cell.Text)).Append("</th>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</thead>\n<tbody>\n");
        for (var r = 0; r < t.Rows.Count; r++)
        {
            var row = t.Rows[r];
            h.Append("<tr").Append(row.IsTotal ? " class=\"total\"" : "").Append(" id=\"").Append(id).Append("-r").Append(r + 1).Append("\">");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                var cell = row.Cells[i];
                if (i == t.NameColumn)
                {
                    // indent-0 has no style: only deeper levels carry a class of their own.
                    h.Append("<th scope=\"row\" class=\"name").Append(cell.Indent > 0 ? " indent-" + cell.Indent.ToString(CultureInfo.InvariantCulture) : "")
                        .Append(" sticky-name\">").Append(Encode(cell.Text)).Append("</th>");
                    continue;
                }

                var align = cell.Align switch { CellAlign.Right => "num", CellAlign.Center => "center", _ => null };
                var sticky = Sticky(t, i);
                h.Append("<td");
                if (align is not null || sticky is not null)
                {
                    h.Append(" class=\"").Append(align).Append(align is not null && sticky is not null ? " " : "").Append(sticky).Append('"');
                }

                h.Append('>').Append(Encode(cell.Text)).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody>\n</table></div>\n");
        if (t.EmptyNote is not null)
        {
            h.Append("<p class=\"empty-note\" role=\"note\">").Append(Encode(t.EmptyNote)).Append("</p>\n");
        }

        WriteForm(h, t.FormAfter, after: true);
        foreach (var note in t.Footnotes)
        {
            h.Append("<p class=\"footnote\">").Append(Encode(note)).Append("</p>\n");
        }

        h.Append("</section>\n");
    }

    private static string? Sticky(TableLayout t, int leaf) => leaf == t.NameColumn ? "sticky-name" : leaf == t.CodeColumn ? "sticky-code" : null;

    /// <summary>A form's lines above or below its grid: label/value lines as a list, task lines as a grid (one row per task).</summary>
    private static void WriteForm(StringBuilder h, IReadOnlyList<FormItem> items, bool after)
    {
        var inList = false;
        foreach (var item in items)
        {
            if (item is FormLine line)
            {
                if (!inList)
                {
                    h.Append("<dl class=\"form-fields").Append(after ? " after" : "").Append("\">");
                    inList = true;
                }

                h.Append("<div><dt>").Append(Encode(line.Field.Label)).Append("</dt><dd>").Append(Encode(line.Field.Value)).Append("</dd></div>\n");
                continue;
            }

            if (item is not FormGrid grid)
            {
                continue;
            }

            if (inList)
            {
                h.Append("</dl>\n");
                inList = false;
            }

            var title = Encode(grid.Title);
            h.Append("<div class=\"table-scroll form-grid-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"").Append(title).Append("（可横向滚动）\">")
                .Append("<table class=\"data-table form-grid\"><thead><tr><th scope=\"col\">").Append(title).Append("</th>");
            foreach (var column in grid.Columns)
            {
                h.Append("<th scope=\"col\">").Append(Encode(column)).Append("</th>");
            }

            h.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in grid.Rows)
            {
                h.Append("<tr><th scope=\"row\">").Append(Encode(row.Label)).Append("</th>");
                foreach (var value in row.Values)
                {
                    h.Append(FormLayout.TryFigure(value, out _, out _) ? "<td class=\"num\">" : "<td>").Append(Encode(value)).Append("</td>");
                }

                h.Append("</tr>\n");
            }

            h.Append("</tbody></table></div>\n");
        }

        if (inList)
        {
            h.Append("</dl>\n");
        }
    }

    private static string Encode(string? text) => string.IsNullOrEmpty(text) ? "" : Encoder.Encode(text);
}
