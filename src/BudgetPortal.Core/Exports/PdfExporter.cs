using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// Renders a disclosure, or one of its tables, as an A4 PDF from the same <see cref="TableLayout"/> as the web page:
/// cover, contents with page numbers, narrative, every table (landscape where wide, header rows repeated on every
/// page, long text wrapped), "第 X 页 共 Y 页" footers, bookmarks and document metadata. Text is real text.
/// </summary>
public sealed partial class PdfExporter
{
    private static readonly Lock InitLock = new();
    private static bool _initialized;

    private const double Margin = 36;
    private const double FooterSpace = 24;
    private const double Pad = 2.5;
    private const double BaseTableFont = 8.5;
    private const double MinTableFont = 5.5;
    private const double BodyFont = 10.5;

    private readonly XPdfFontOptions _fontOptions = new(PdfFontEncoding.Unicode);

    public PdfExporter(PdfFonts fonts)
    {
        lock (InitLock)
        {
            if (!_initialized)
            {
                GlobalFontSettings.FontResolver = fonts;
                _initialized = true;
            }
        }
    }

    /// <param name="mark">A line printed at the top of every page (草稿 for a version not yet published); null for none.</param>
    public void WriteDisclosure(DisclosureDocument document, Stream output, string? mark = null)
    {
        var pdf = NewPdf(document, document.Title);
        var writer = new Writer(this, pdf);
        writer.Cover(document);

        // A corrected version opens with its 更正说明, so nobody reads it without knowing what changed.
        IReadOnlyList<NarrativeSection> sections = document.CorrectionNote is { } note
            ? [new NarrativeSection { Key = "correction", Title = $"更正说明（第 {document.Version} 版）", Body = note }, .. document.Sections]
            : document.Sections;
        var entries = sections.Select(s => s.Title).Concat(document.Tables.Select(t => $"{t.Number} {t.Title}")).ToList();
        const int entriesPerPage = 30;
        var tocPages = Math.Max(1, (entries.Count + entriesPerPage - 1) / entriesPerPage);
        for (var i = 0; i < tocPages; i++)
        {
            pdf.AddPage().Size = PageSize.A4;
        }

        var starts = new List<(string Title, PdfPage Page, bool IsTable)>();
        foreach (var section in sections)
        {
            starts.Add((section.Title, writer.Narrative(section), false));
        }

        foreach (var table in document.Tables)
        {
            starts.Add(($"{table.Number} {table.Title}", writer.Table(TableLayout.For(document, table)), true));
        }

        writer.Contents(starts, entriesPerPage, tocPages);
        foreach (var (title, page, _) in starts)
        {
            pdf.Outlines.Add(title, page, true);
        }

        writer.Footers(mark);
        pdf.Save(output, closeStream: false);
    }

    public void WriteTable(DisclosureDocument document, int tableIndex, Stream output, string? mark = null)
    {
        var table = document.Tables[tableIndex];
        var pdf = NewPdf(document, $"{document.Title} {table.Number} {table.Title}");
        var writer = new Writer(this, pdf);
        var page = writer.Table(TableLayout.For(document, table));
        pdf.Outlines.Add($"{table.Number} {table.Title}", page, true);
        writer.Footers(mark);
        pdf.Save(output, closeStream: false);
    }

    private static PdfDocument NewPdf(DisclosureDocument document, string title)
    {
        var pdf = new PdfDocument();
        pdf.Info.Title = title;
        pdf.Info.Author = document.Department.Name;
        pdf.Info.Subject = $"{document.Department.Name}{document.Year}年度{DisclosureKinds.ToChinese(document.Kind)}";
        pdf.Info.Creator = "BudgetPortal 预决算公开平台";
        pdf.PageLayout = PdfPageLayout.SinglePage;
        return pdf;
    }

    private XFont Font(double size, bool bold = false) =>
        new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, _fontOptions);

    [GeneratedRegex(@"^\s*\|?\s*:?-{2,}")]
    private static partial Regex TableRule();

    /// <summary>Page-by-page drawing state.</summary>
    private sealed class Writer(PdfExporter owner, PdfDocument pdf)
    {
        private PdfPage _page = null!;
        private XGraphics? _gfx;
        private double _y;

        private double Width => _page.Width.Point;
        private double Bottom => _page.Height.Point - Margin - FooterSpace;

        private PdfPage NewPage(bool landscape)
        {
            _gfx?.Dispose();
            _page = pdf.AddPage();
            _page.Size = PageSize.A4;
            _page.Orientation = landscape ? PageOrientation.Landscape : PageOrientation.Portrait;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
            return _page;
        }

        private XGraphics G => _gfx!;

        public void Cover(DisclosureDocument document)
        {
            NewPage(false);
            DrawCentered(document.Department.Name, owner.Font(20, true), 250);
            DrawCentered($"{document.Year} 年度{DisclosureKinds.ToChinese(document.Kind)}", owner.Font(24, true), 300);
            DrawCentered(string.Join("", document.Region), owner.Font(12), 380);
            var meta = document.Version is { } v ? $"第 {v} 版" + (document.PublishedAt is { } p ? $" · 公开于 {p:yyyy-MM-dd}" : "") : "";
            DrawCentered(meta, owner.Font(11), 405);

            void DrawCentered(string text, XFont font, double y) =>
                G.DrawString(text, font, XBrushes.Black, new XRect(Margin, y, Width - (2 * Margin), 30), XStringFormats.TopCenter);
        }

        public void Contents(List<(string Title, PdfPage Page, bool IsTable)> starts, int perPage, int tocPages)
        {
            var font = owner.Font(10.5);
            var pageNumbers = pdf.Pages.Cast<PdfPage>().Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i + 1);
            for (var t = 0; t < tocPages; t++)
            {
                using var gfx = XGraphics.FromPdfPage(pdf.Pages[1 + t]);
                var y = Margin;
                if (t == 0)
                {
                    gfx.DrawString("目  录", owner.Font(16, true), XBrushes.Black, new XRect(Margin, y, pdf.Pages[1].Width.Point - (2 * Margin), 24), XStringFormats.TopCenter);
                    y += 40;
                }

                foreach (var (title, page, isTable) in starts.Skip(t * perPage).Take(perPage))
                {
                    var width = pdf.Pages[1].Width.Point - (2 * Margin);
                    var number = pageNumbers[page].ToString(CultureInfo.InvariantCulture);
                    var indent = isTable ? 12 : 0;
                    var text = Fit(gfx, title, font, width - indent - 40);
                    gfx.DrawString(text, font, XBrushes.Black, Margin + indent, y + 10);
                    gfx.DrawString(number, font, XBrushes.Black, new XRect(Margin, y, width, 14), XStringFormats.TopRight);
                    var textEnd = Margin + indent + gfx.MeasureString(text, font).Width + 4;
                    var numberStart = Margin + width - gfx.MeasureString(number, font).Width - 4;
                    if (numberStart > textEnd)
                    {
                        gfx.DrawLine(new XPen(XColors.Gray, 0.5) { DashStyle = XDashStyle.Dot }, textEnd, y + 10, numberStart, y + 10);
                    }

                    y += 22;
                }
            }
        }

        private static string Fit(XGraphics gfx, string text, XFont font, double width)
        {
            if (gfx.MeasureString(text, font).Width <= width)
            {
                return text;
            }

            while (text.Length > 1 && gfx.MeasureString(text + "…", font).Width > width)
            {
                text = text[..^1];
            }

            return text + "…";
        }

        public PdfPage Narrative(NarrativeSection section)
        {
            var first = NewPage(false);
            var width = Width - (2 * Margin);
            Paragraph(section.Title, owner.Font(15, true), width, 8);
            foreach (var raw in section.Body.Split('\n'))
            {
                var line = raw.TrimEnd();
                if (line.Length == 0)
                {
                    _y += 4;
                    continue;
                }

                if (TableRule().IsMatch(line))
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    Paragraph(line.TrimStart('#', ' '), owner.Font(12, true), width, 4);
                }
                else if (line.StartsWith('|'))
                {
                    Paragraph(string.Join("    ", line.Trim('|').Split('|').Select(c => c.Trim())), owner.Font(BodyFont), width, 2);
                }
                else
                {
                    var text = line.StartsWith("- ", StringComparison.Ordinal) ? "• " + line[2..] : line;
                    Paragraph(text.Replace("**", "", StringComparison.Ordinal), owner.Font(BodyFont), width, 3);
                }
            }

            return first;
        }

        private void Paragraph(string text, XFont font, double width, double after)
        {
            var lineHeight = font.Size * 1.55;
            foreach (var line in Wrap(G, text, font, width))
            {
                if (_y + lineHeight > Bottom)
                {
                    NewPage(_page.Orientation == PageOrientation.Landscape);
                }

                G.DrawString(line, font, XBrushes.Black, Margin, _y + font.Size);
                _y += lineHeight;
            }

            _y += after;
        }

        public PdfPage Table(TableLayout layout)
        {
            var plan = TablePlan.For(owner, layout);
            var first = NewPage(plan.Landscape);
            var font = owner.Font(plan.FontSize);
            var bold = owner.Font(plan.FontSize, true);
            var width = Width - (2 * Margin);
            var scale = width / plan.Widths.Sum();
            var widths = plan.Widths.Select(w => w * scale).ToArray();
            var x = new double[widths.Length + 1];
            x[0] = Margin;
            for (var i = 0; i < widths.Length; i++)
            {
                x[i + 1] = x[i] + widths[i];
            }

            Heading(layout, continued: false);
            if (layout.Missing)
            {
                Paragraph(string.Join(" ", layout.Footnotes), owner.Font(BodyFont), width, 4);
                return first;
            }

            Fields(layout.FieldsBefore, font, bold, width);
            var headerHeights = HeaderHeights(layout, widths, font);
            DrawHeader(layout, x, headerHeights, bold);
            var lineHeight = font.Size * 1.3;
            foreach (var row in layout.Rows)
            {
                var lines = row.Cells.Select((c, i) => Wrap(G, c.Text, row.IsTotal ? bold : font, widths[i] - (2 * Pad) - (c.Indent * font.Size))).ToList();
                var height = (lines.Max(l => l.Count) * lineHeight) + (2 * Pad);
                if (_y + height > Bottom)
                {
                    NewPage(plan.Landscape);
                    Heading(layout, continued: true);
                    DrawHeader(layout, x, headerHeights, bold);
                }

                for (var i = 0; i < row.Cells.Count; i++)
                {
                    var rect = new XRect(x[i], _y, widths[i], height);
                    if (row.IsTotal)
                    {
                        G.DrawRectangle(new XSolidBrush(XColor.FromArgb(238, 242, 246)), rect);
                    }

                    G.DrawRectangle(new XPen(XColors.Black, 0.5), rect);
                    var cell = row.Cells[i];
                    var cellFont = row.IsTotal ? bold : font;
                    for (var l = 0; l < lines[i].Count; l++)
                    {
                        var text = lines[i][l];
                        var baseline = _y + Pad + (l * lineHeight) + cellFont.Size;
                        var textX = cell.Align switch
                        {
                            CellAlign.Right => x[i + 1] - Pad - G.MeasureString(text, cellFont).Width,
                            CellAlign.Center => x[i] + ((widths[i] - G.MeasureString(text, cellFont).Width) / 2),
                            _ => x[i] + Pad + (cell.Indent * font.Size),
                        };
                        G.DrawString(text, cellFont, XBrushes.Black, textX, baseline);
                    }
                }

                _y += height;
            }

            _y += 6;
            if (layout.EmptyNote is not null)
            {
                Paragraph(layout.EmptyNote, owner.Font(9.5), width, 2);
            }

            Fields(layout.FieldsAfter, font, bold, width);
            foreach (var note in layout.Footnotes)
            {
                Paragraph(note, owner.Font(8.5), width, 1);
            }

            return first;
        }

        private void Heading(TableLayout layout, bool continued)
        {
            var width = Width - (2 * Margin);
            var title = owner.Font(13, true);
            G.DrawString(layout.Number, owner.Font(9), XBrushes.Black, new XRect(Margin, _y, width, 12), XStringFormats.TopRight);
            G.DrawString(layout.Title + (continued ? "（续）" : ""), title, XBrushes.Black, new XRect(Margin, _y + 10, width, 18), XStringFormats.TopCenter);
            _y += 32;
            var small = owner.Font(9);
            G.DrawString(layout.DepartmentLine, small, XBrushes.Black, Margin, _y + 9);
            if (layout.YearLine is not null)
            {
                G.DrawString(layout.YearLine, small, XBrushes.Black, new XRect(Margin, _y, width, 12), XStringFormats.TopCenter);
            }

            if (layout.UnitLine is not null)
            {
                G.DrawString(layout.UnitLine, small, XBrushes.Black, new XRect(Margin, _y, width, 12), XStringFormats.TopRight);
            }

            _y += 16;
        }

        private void Fields(IReadOnlyList<FieldLine> fields, XFont font, XFont bold, double width)
        {
            if (fields.Count == 0)
            {
                return;
            }

            var labelWidth = Math.Min(160, width * 0.28);
            var lineHeight = font.Size * 1.3;
            foreach (var field in fields)
            {
                var labelLines = Wrap(G, field.Label, bold, labelWidth - (2 * Pad));
                var valueLines = Wrap(G, field.Value ?? "", font, width - labelWidth - (2 * Pad));
                var height = (Math.Max(labelLines.Count, valueLines.Count) * lineHeight) + (2 * Pad);
                if (_y + height > Bottom)
                {
                    NewPage(_page.Orientation == PageOrientation.Landscape);
                }

                G.DrawRectangle(new XSolidBrush(XColor.FromArgb(245, 247, 250)), new XRect(Margin, _y, labelWidth, height));
                G.DrawRectangle(new XPen(XColors.Black, 0.5), new XRect(Margin, _y, labelWidth, height));
                G.DrawRectangle(new XPen(XColors.Black, 0.5), new XRect(Margin + labelWidth, _y, width - labelWidth, height));
                for (var l = 0; l < labelLines.Count; l++)
                {
                    G.DrawString(labelLines[l], bold, XBrushes.Black, Margin + Pad, _y + Pad + (l * lineHeight) + font.Size);
                }

                for (var l = 0; l < valueLines.Count; l++)
                {
                    G.DrawString(valueLines[l], font, XBrushes.Black, Margin + labelWidth + Pad, _y + Pad + (l * lineHeight) + font.Size);
                }

                _y += height;
            }

            _y += 6;
        }

        private double[] HeaderHeights(TableLayout layout, double[] widths, XFont font)
        {
            var lineHeight = font.Size * 1.3;
            var heights = new double[layout.HeaderRows.Count];
            for (var r = 0; r < layout.HeaderRows.Count; r++)
            {
                heights[r] = lineHeight + (2 * Pad);
                foreach (var cell in layout.HeaderRows[r].Where(c => c.RowSpan == 1))
                {
                    var width = widths.Skip(cell.FirstLeaf).Take(cell.ColSpan).Sum();
                    heights[r] = Math.Max(heights[r], (Wrap(G, cell.Text, font, width - (2 * Pad)).Count * lineHeight) + (2 * Pad));
                }
            }

            for (var r = 0; r < layout.HeaderRows.Count; r++)
            {
                foreach (var cell in layout.HeaderRows[r].Where(c => c.RowSpan > 1))
                {
                    var width = widths.Skip(cell.FirstLeaf).Take(cell.ColSpan).Sum();
                    var needed = (Wrap(G, cell.Text, font, width - (2 * Pad)).Count * lineHeight) + (2 * Pad);
                    var have = heights.Skip(r).Take(cell.RowSpan).Sum();
                    if (needed > have)
                    {
                        heights[r + cell.RowSpan - 1] += needed - have;
                    }
                }
            }

            return heights;
        }

        private void DrawHeader(TableLayout layout, double[] x, double[] heights, XFont font)
        {
            var top = _y;
            var lineHeight = font.Size * 1.3;
            for (var r = 0; r < layout.HeaderRows.Count; r++)
            {
                foreach (var cell in layout.HeaderRows[r])
                {
                    var y = top + heights.Take(r).Sum();
                    var rect = new XRect(x[cell.FirstLeaf], y, x[cell.FirstLeaf + cell.ColSpan] - x[cell.FirstLeaf], heights.Skip(r).Take(cell.RowSpan).Sum());
                    G.DrawRectangle(new XPen(XColors.Black, 0.5), new XSolidBrush(XColor.FromArgb(245, 247, 250)), rect);
                    var lines = Wrap(G, cell.Text, font, rect.Width - (2 * Pad));
                    var textTop = rect.Y + ((rect.Height - (lines.Count * lineHeight)) / 2);
                    for (var l = 0; l < lines.Count; l++)
                    {
                        G.DrawString(lines[l], font, XBrushes.Black, new XRect(rect.X, textTop + (l * lineHeight), rect.Width, lineHeight), XStringFormats.TopCenter);
                    }
                }
            }

            _y = top + heights.Sum();
        }

        public void Footers(string? mark)
        {
            _gfx?.Dispose();
            _gfx = null;
            var font = owner.Font(8.5);
            var count = pdf.PageCount;
            for (var i = 0; i < count; i++)
            {
                var page = pdf.Pages[i];
                using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var text = $"第 {i + 1} 页 共 {count} 页";
                gfx.DrawString(text, font, XBrushes.Black, new XRect(0, page.Height.Point - Margin, page.Width.Point, 12), XStringFormats.TopCenter);
                if (mark is not null)
                {
                    gfx.DrawString(mark, owner.Font(10, true), XBrushes.DarkRed, new XRect(0, Margin / 3, page.Width.Point, 14), XStringFormats.TopCenter);
                }
            }
        }
    }

    /// <summary>Wraps text to a width: at any character for CJK, keeping Latin words and numbers whole where they fit.</summary>
    internal static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var result = new List<string>();
        foreach (var paragraph in (text ?? "").Split('\n'))
        {
            var line = "";
            foreach (var ch in paragraph)
            {
                var candidate = line + ch;
                if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
                {
                    // Move a Latin word or number that straddles the break to the next line.
                    var cut = line.Length;
                    while (cut > 0 && char.IsAsciiLetterOrDigit(line[cut - 1]) && char.IsAsciiLetterOrDigit(ch))
                    {
                        cut--;
                    }

                    if (cut == 0 || cut < line.Length / 2)
                    {
                        cut = line.Length;
                    }

                    result.Add(line[..cut]);
                    line = line[cut..] + ch;
                }
                else
                {
                    line = candidate;
                }
            }

            result.Add(line);
        }

        return result;
    }

    /// <summary>Column widths, font size and orientation chosen from the content.</summary>
    private sealed record TablePlan(bool Landscape, double FontSize, double[] Widths)
    {
        private const double PortraitWidth = 595.28 - (2 * Margin);
        private const double LandscapeWidth = 841.89 - (2 * Margin);

        public static TablePlan For(PdfExporter owner, TableLayout layout)
        {
            if (layout.Leaves.Count == 0)
            {
                return new TablePlan(false, BaseTableFont, [1]);
            }

            using var measure = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
            var font = owner.Font(BaseTableFont);
            var natural = new double[layout.Leaves.Count];
            var minimum = new double[layout.Leaves.Count];
            for (var i = 0; i < natural.Length; i++)
            {
                var isText = !layout.Leaves[i].IsNumeric;
                var header = layout.Leaves[i].Title;
                var headerWidth = measure.MeasureString(header.Length > 4 ? header[..4] : header, font).Width;
                var content = layout.Rows.Select(r => measure.MeasureString(r.Cells[i].Text, font).Width + (r.Cells[i].Indent * BaseTableFont)).DefaultIfEmpty(0).Max();
                natural[i] = Math.Max(headerWidth, isText ? Math.Min(content, 220) : content) + (2 * Pad) + 2;
                minimum[i] = isText ? Math.Min(natural[i], 60) : natural[i];
            }

            var total = natural.Sum();
            var landscape = total > PortraitWidth || layout.Leaves.Count > 9;
            var available = landscape ? LandscapeWidth : PortraitWidth;
            if (total > available)
            {
                // Let text columns wrap first, down to their minimum; then shrink the font.
                var textExcess = Enumerable.Range(0, natural.Length).Sum(i => natural[i] - minimum[i]);
                var need = total - available;
                var factor = textExcess > 0 ? Math.Min(1, need / textExcess) : 0;
                for (var i = 0; i < natural.Length; i++)
                {
                    natural[i] -= (natural[i] - minimum[i]) * factor;
                }

                total = natural.Sum();
            }

            var fontSize = total > available ? Math.Max(MinTableFont, BaseTableFont * available / total) : BaseTableFont;
            return new TablePlan(landscape, fontSize, natural);
        }
    }
}
