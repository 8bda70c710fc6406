using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;
using Markdig;
using Markdig.Syntax;
using PdfSharp.Fonts;

namespace BudgetPortal.Core.Exports;

/// <summary>Milliseconds of each phase of one whole-disclosure PDF.</summary>
public sealed class PdfExportTimings
{
    /// <summary>Markdown parsing of the narrative and the tables' layouts.</summary>
    public double Prepare { get; set; }

    /// <summary>The first pass: wrapping and page breaks, nothing drawn.</summary>
    public double Layout { get; set; }

    /// <summary>The second pass: content streams and structure tree.</summary>
    public double Draw { get; set; }

    /// <summary>Font subset, compression and writing the file.</summary>
    public double Save { get; set; }
}

/// <summary>
/// Renders a disclosure, or one of its tables, as an A4 PDF from the same <see cref="TableLayout"/> as the web page:
/// cover, contents listing every part (narrative parts with their headings, and every table) with page numbers,
/// narrative (read by Markdig, as the page reads it), every table (landscape where wide, header rows repeated on every
/// page, long text wrapped, forms' task lines as grids, empty tables marked 空表 with their note), "第 X 页 共 Y 页"
/// footers, bookmarks, document metadata and structure tags (headings, paragraphs, lists, tables). Text is real text.
/// The document is laid out twice: a first pass only counts pages, so that the contents and the footers are drawn in
/// reading order with their page numbers known.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static",
    Justification = "An exporter exists once its font resolver is installed; callers get it from DI.")]
public sealed class PdfExporter
{
    private static readonly Lock InitLock = new();
    private static bool _initialized;

    private const double Margin = 36;
    private const double FooterSpace = 24;
    private const double Pad = 2.5;
    private const double BaseTableFont = 8.5;
    private const double MinTableFont = 5.5;
    private const double BodyFont = 10.5;
    private const int EntriesPerPage = 30;

    private static readonly (int, int, int) HeaderFill = (245, 247, 250);
    private static readonly (int, int, int) TotalFill = (238, 242, 246);
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public PdfExporter(PdfFonts fonts)
    {
        lock (InitLock)
        {
            if (!_initialized)
            {
                // PDFsharp keeps the font for measuring in tests and tools; the exporter reads it itself.
                GlobalFontSettings.FontResolver = fonts;
                PdfTextMetrics.Face = fonts.Face;
                _initialized = true;
            }
        }
    }

    /// <param name="mark">A line printed at the top of every page (草稿 for a version not yet published); null for none.</param>
    /// <param name="timings">Filled with the time of each phase when given (bench/PdfHarness).</param>
    public void WriteDisclosure(DisclosureDocument document, Stream output, string? mark = null, PdfExportTimings? timings = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // A corrected version opens with its 更正说明, so nobody reads it without knowing what changed.
        IReadOnlyList<NarrativeSection> sections = document.CorrectionNote is { } note
            ? [new NarrativeSection { Key = "correction", Title = $"更正说明（第 {document.Version} 版）", Body = note }, .. document.Sections]
            : document.Sections;
        var narrative = sections.Select(s => (s.Title, Body: Markdig.Markdown.Parse(s.Body ?? "", Markdown))).ToList();
        var tables = document.Tables.Select(t => TableLayout.For(document, t)).ToList();
        var entryCount = narrative.Sum(n => 1 + TopHeadings(n.Body).Count()) + tables.Count;
        var tocPages = Math.Max(1, (entryCount + EntriesPerPage - 1) / EntriesPerPage);

        void Body(Writer writer)
        {
            writer.Cover(document);
            writer.Contents(tocPages);
            foreach (var (title, body) in narrative)
            {
                writer.Narrative(title, body);
            }

            foreach (var layout in tables)
            {
                writer.Table(layout);
            }
        }

        var prepared = clock.Elapsed.TotalMilliseconds;
        var count = new Writer(null, 0, []);
        Body(count);
        var laidOut = clock.Elapsed.TotalMilliseconds;
        var pdf = NewPdf(document, document.Title);
        var writer = new Writer(pdf, count.PageCount, count.Entries, count.Wraps) { PageMark = mark };
        Body(writer);
        var drawn = clock.Elapsed.TotalMilliseconds;
        pdf.Save(output);
        if (timings is not null)
        {
            timings.Prepare = prepared;
            timings.Layout = laidOut - prepared;
            timings.Draw = drawn - laidOut;
            timings.Save = clock.Elapsed.TotalMilliseconds - drawn;
        }
    }

    public void WriteTable(DisclosureDocument document, int tableIndex, Stream output, string? mark = null)
    {
        var table = document.Tables[tableIndex];
        var layout = TableLayout.For(document, table);
        var count = new Writer(null, 0, []);
        count.Table(layout);
        var pdf = NewPdf(document, $"{document.Title} {table.Number} {table.Title}");
        var writer = new Writer(pdf, count.PageCount, count.Entries, count.Wraps) { PageMark = mark };
        writer.Table(layout);
        pdf.Save(output);
    }


    private static TaggedPdfWriter NewPdf(DisclosureDocument document, string title) => new(PdfTextMetrics.Face)
    {
        Title = title,
        Author = document.Department.Name,
        Subject = $"{document.Department.Name}{document.Year}年度{DisclosureKinds.ToChinese(document.Kind)}",
        Creator = "BudgetPortal 预决算公开平台",
        Language = "zh-CN",
        Created = ReproducibleFiles.DateOf(document),
    };

    private static PdfTextFont Font(double size, bool bold = false) => new(size, bold);

    /// <summary>The headings of a narrative part that the contents list: those of its shallowest level.</summary>
    private static IEnumerable<HeadingBlock> TopHeadings(MarkdownDocument body)
    {
        var headings = body.Descendants<HeadingBlock>().ToList();
        return headings.Count == 0 ? [] : headings.Where(h => h.Level == headings.Min(x => x.Level));
    }

    /// <summary>One line of the contents: a part (level 0) or a heading inside a narrative part (level 1).</summary>
    private sealed record Entry(string Title, int Level, int Page);

    /// <summary>
    /// Page-by-page drawing state. Without a document it only lays out and counts pages (the first pass); with one it
    /// draws, tags the structure and knows the page count and each part's page from the first pass.
    /// </summary>
    private sealed class Writer(TaggedPdfWriter? pdf, int pageCount, IReadOnlyList<Entry> entries, IReadOnlyList<List<string>>? wraps = null)
    {
        private int _replayed;
        private bool _landscape;
        private double _y;

        public int PageCount { get; private set; }

        /// <summary>A line at the top of every page (草稿 for a version not yet published), an artifact like the footer.</summary>
        public string? PageMark { get; init; }

        public List<Entry> Entries { get; } = [];

        /// <summary>Every wrapped text of the first pass, in order: the second pass draws them without wrapping again.</summary>
        public List<List<string>> Wraps { get; } = [];

        private bool Drawing => pdf is not null;

        private double Width => _landscape ? 841.89 : 595.28;

        private double Height => _landscape ? 595.28 : 841.89;

        private double Bottom => Height - Margin - FooterSpace;

        private double TextWidth => Width - (2 * Margin);

        private TaggedPdfWriter G => pdf!;

        private void NewPage(bool landscape)
        {
            _landscape = landscape;
            PageCount++;
            _y = Margin;
            if (pdf is null)
            {
                return;
            }

            pdf.AddPage(Width, Height);
            Footer();
        }

        /// <summary>"第 X 页 共 Y 页", an artifact (not part of the reading order).</summary>
        private void Footer()
        {
            var font = Font(8.5);
            Artifact(() => Centered($"第 {PageCount} 页 共 {pageCount} 页", font, 0, Width, Height - Margin));
            if (PageMark is { } mark)
            {
                Artifact(() => Centered(mark, Font(10, true), 0, Width, Margin / 3));
            }
        }

        /// <summary>Records a part or heading for the contents and the bookmarks, at the current page.</summary>
        private void Mark(string title, int level)
        {
            Entries.Add(new Entry(title, level, PageCount));
            pdf?.Outline(title, level);
        }

        private void Begin(string tag)
        {
            pdf?.Begin(tag);
        }

        private void End()
        {
            pdf?.End();
        }

        private void Artifact(Action draw)
        {
            if (!Drawing)
            {
                return;
            }

            pdf?.BeginArtifact();
            draw();
            pdf?.End();
        }

        private void Text(string text, PdfTextFont font, double x, double baseline)
        {
            if (Drawing && text.Length > 0)
            {
                G.Text(text, font, x, baseline);
            }
        }

        /// <summary>Text centred between two x positions, on a line whose top is at <paramref name="top"/>.</summary>
        private void Centered(string text, PdfTextFont font, double left, double right, double top) =>
            Text(text, font, left + ((right - left - PdfTextMetrics.Width(text, font)) / 2), top + font.Size);

        private void Box(PdfRect rect, (int, int, int)? fill)
        {
            if (Drawing)
            {
                Artifact(() =>
                {
                    G.Rect(rect, fill, stroke: true);
                });
            }
        }

        public void Cover(DisclosureDocument document)
        {
            NewPage(false);
            Begin("H1");
            Centered(document.Department.Name, Font(20, true), Margin, Width - Margin, 250);
            Centered($"{document.Year} 年度{DisclosureKinds.ToChinese(document.Kind)}", Font(24, true), Margin, Width - Margin, 300);
            End();
            Begin("P");
            Centered(string.Join("", document.Region), Font(12), Margin, Width - Margin, 380);
            var meta = document.Version is { } v ? $"第 {v} 版" + (document.PublishedAt is { } p ? $" · 公开于 {p:yyyy-MM-dd}" : "") : "";
            Centered(meta, Font(11), Margin, Width - Margin, 405);
            End();
        }

        public void Contents(int tocPages)
        {
            var font = Font(10.5);
            Begin("TOC");
            for (var t = 0; t < tocPages; t++)
            {
                NewPage(false);
                if (t == 0)
                {
                    Begin("H1");
                    Centered("目  录", Font(16, true), Margin, Width - Margin, _y);
                    End();
                    _y += 40;
                }

                foreach (var entry in entries.Skip(t * EntriesPerPage).Take(EntriesPerPage))
                {
                    var number = entry.Page.ToString(CultureInfo.InvariantCulture);
                    var indent = entry.Level == 0 ? 0 : 16;
                    var entryFont = entry.Level == 0 ? font : Font(9.5);
                    var text = Fit(entry.Title, entryFont, TextWidth - indent - 40);
                    var numberWidth = PdfTextMetrics.Width(number, entryFont);
                    Begin("TOCI");
                    Text(text, entryFont, Margin + indent, _y + 10);
                    Text(number, entryFont, Width - Margin - numberWidth, _y + 10);
                    End();
                    var textEnd = Margin + indent + PdfTextMetrics.Width(text, entryFont) + 4;
                    var numberStart = Width - Margin - numberWidth - 4;
                    if (Drawing && numberStart > textEnd)
                    {
                        Artifact(() => G.Line(textEnd, _y + 10, numberStart, _y + 10, 0.5, 0.5, dotted: true));
                    }

                    _y += 22;
                }
            }

            End();
        }

        private static string Fit(string text, PdfTextFont font, double width)
        {
            if (PdfTextMetrics.Width(text, font) <= width)
            {
                return text;
            }

            var ellipsis = PdfTextMetrics.Width('…', font);
            var used = 0.0;
            var length = 0;
            while (length < text.Length && used + PdfTextMetrics.Width(text[length], font) + ellipsis <= width)
            {
                used += PdfTextMetrics.Width(text[length], font);
                length++;
            }

            return text[..Math.Max(1, length)] + "…";
        }

        public void Narrative(string title, MarkdownDocument body)
        {
            NewPage(false);
            Mark(title, 0);
            Begin("Sect");
            Begin("H1");
            Paragraph(title, Font(15, true), 0, 8);
            End();
            var top = TopHeadings(body).ToHashSet();
            foreach (var block in body)
            {
                Block(block, 0, top);
            }

            End();
        }

        private void Block(Block block, double indent, HashSet<HeadingBlock> top)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    var text = MarkdownText.Inline(heading.Inline);
                    if (top.Contains(heading))
                    {
                        if (_y + 40 > Bottom)
                        {
                            NewPage(_landscape);
                        }

                        Mark(text, 1);
                    }

                    Begin(heading.Level <= 3 ? "H2" : "H3");
                    Paragraph(text, Font(heading.Level <= 3 ? 12.5 : 11.5, true), indent, 4);
                    End();
                    break;
                case ParagraphBlock paragraph:
                    Begin("P");
                    Paragraph(MarkdownText.Inline(paragraph.Inline), Font(BodyFont), indent, 3);
                    End();
                    break;
                case ListBlock list:
                    Begin("L");
                    var number = int.TryParse(list.OrderedStart, CultureInfo.InvariantCulture, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        Begin("LI");
                        var marker = list.IsOrdered ? $"{number++}{list.OrderedDelimiter} " : "• ";
                        var first = true;
                        foreach (var child in item)
                        {
                            if (first && child is ParagraphBlock p)
                            {
                                Begin("LBody");
                                Paragraph(marker + MarkdownText.Inline(p.Inline), Font(BodyFont), indent, 3);
                                End();
                            }
                            else
                            {
                                Block(child, indent + 12, top);
                            }

                            first = false;
                        }

                        End();
                    }

                    End();
                    break;
                case Markdig.Extensions.Tables.Table table:
                    var rows = table.OfType<Markdig.Extensions.Tables.TableRow>()
                        .Select(r => (Header: r.IsHeader, Cells: r.OfType<Markdig.Extensions.Tables.TableCell>().Select(MarkdownText.Cell).ToList()))
                        .ToList();
                    var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Count);
                    var header = rows.TakeWhile(r => r.Header).Select(r => PadCells(r.Cells, columns)).ToList();
                    var bodyRows = rows.SkipWhile(r => r.Header).Select(r => PadCells(r.Cells, columns)).ToList();
                    _y += 2;
                    Grid(header, bodyRows, indent, Font(9.5), Font(9.5, true));
                    break;
                case QuoteBlock quote:
                    foreach (var child in quote)
                    {
                        Block(child, indent + 12, top);
                    }

                    break;
                case ThematicBreakBlock:
                    _y += 6;
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    Begin("P");
                    Paragraph(leaf.Lines.ToString(), Font(BodyFont), indent, 3);
                    End();
                    break;
                case ContainerBlock container:
                    foreach (var child in container)
                    {
                        Block(child, indent, top);
                    }

                    break;
            }
        }

        /// <summary>Wraps text, or replays the first pass's result (both passes wrap the same texts in the same order).</summary>
        private List<string> Lines(string? text, PdfTextFont font, double width)
        {
            if (wraps is not null)
            {
                return wraps[_replayed++];
            }

            var lines = Wrap(text, font, width);
            Wraps.Add(lines);
            return lines;
        }

        private static List<string?> PadCells(List<string> cells, int count) =>
            [.. cells, .. Enumerable.Repeat<string?>(null, count - cells.Count)];

        private void Paragraph(string text, PdfTextFont font, double indent, double after)
        {
            var lineHeight = font.Size * 1.55;
            foreach (var line in Lines(text, font, TextWidth - indent))
            {
                if (_y + lineHeight > Bottom)
                {
                    NewPage(_landscape);
                }

                Text(line, font, Margin + indent, _y + font.Size);
                _y += lineHeight;
            }

            _y += after;
        }

        public void Table(TableLayout layout)
        {
            var plan = TablePlan.For(layout);
            NewPage(plan.Landscape);
            Mark($"{layout.Number} {layout.Title}" + (layout.IsEmpty ? TableLayout.EmptyMark : ""), 0);
            var font = Font(plan.FontSize);
            var bold = Font(plan.FontSize, true);
            var scale = TextWidth / plan.Widths.Sum();
            var widths = plan.Widths.Select(w => w * scale).ToArray();
            var x = new double[widths.Length + 1];
            x[0] = Margin;
            for (var i = 0; i < widths.Length; i++)
            {
                x[i + 1] = x[i] + widths[i];
            }

            Begin("Sect");
            Heading(layout, continued: false);
            if (layout.Missing)
            {
                Begin("P");
                Paragraph(string.Join(" ", layout.Footnotes), Font(BodyFont), 0, 4);
                End();
                End();
                return;
            }

            Form(layout.FormBefore, font, bold);
            var headerHeights = HeaderHeights(layout, widths, bold);
            Begin("Table");
            Begin("THead");
            DrawHeader(layout, x, headerHeights, bold, repeated: false);
            End();
            Begin("TBody");
            var lineHeight = font.Size * 1.3;
            var lines = new List<string>[widths.Length];
            var segmentTop = _y;
            var rowBottoms = new List<double>();
            foreach (var row in layout.Rows)
            {
                var cellFont = row.IsTotal ? bold : font;
                var count = 1;
                for (var i = 0; i < row.Cells.Count; i++)
                {
                    lines[i] = Lines(row.Cells[i].Text, cellFont, widths[i] - (2 * Pad) - (row.Cells[i].Indent * font.Size));
                    count = Math.Max(count, lines[i].Count);
                }

                var height = (count * lineHeight) + (2 * Pad);
                if (_y + height > Bottom)
                {
                    Borders(x, segmentTop, rowBottoms);
                    NewPage(plan.Landscape);
                    Heading(layout, continued: true);
                    DrawHeader(layout, x, headerHeights, bold, repeated: true);
                    segmentTop = _y;
                    rowBottoms.Clear();
                }

                if (row.IsTotal && Drawing)
                {
                    var top = _y;
                    Artifact(() => G.Rect(new PdfRect(x[0], top, x[^1] - x[0], height), TotalFill, stroke: false));
                }

                Begin("TR");
                for (var i = 0; i < row.Cells.Count; i++)
                {
                    var cell = row.Cells[i];
                    Begin(i == layout.NameColumn ? "TH" : "TD");
                    for (var l = 0; l < lines[i].Count; l++)
                    {
                        var text = lines[i][l];
                        var textX = cell.Align switch
                        {
                            CellAlign.Right => x[i + 1] - Pad - PdfTextMetrics.Width(text, cellFont),
                            CellAlign.Center => x[i] + ((widths[i] - PdfTextMetrics.Width(text, cellFont)) / 2),
                            _ => x[i] + Pad + (cell.Indent * font.Size),
                        };
                        Text(text, cellFont, textX, _y + Pad + (l * lineHeight) + cellFont.Size);
                    }

                    End();
                }

                End();
                _y += height;
                rowBottoms.Add(_y);
            }

            Borders(x, segmentTop, rowBottoms);
            End();
            End();
            _y += 6;
            if (layout.EmptyNote is not null)
            {
                Begin("P");
                Paragraph(layout.EmptyNote, Font(9.5), 0, 2);
                End();
            }

            Form(layout.FormAfter, font, bold);
            foreach (var note in layout.Footnotes)
            {
                Begin("P");
                Paragraph(note, Font(8.5), 0, 1);
                End();
            }

            End();
        }

        /// <summary>
        /// The rules of a run of body rows on one page, drawn at once: a line under each row and one per column edge
        /// (a few dozen lines a page instead of a rectangle per cell).
        /// </summary>
        private void Borders(double[] x, double top, List<double> rowBottoms)
        {
            if (!Drawing || rowBottoms.Count == 0)
            {
                return;
            }

            Artifact(() =>
            {
                foreach (var bottom in rowBottoms)
                {
                    G.Line(x[0], bottom, x[^1], bottom, 0.5, 0, dotted: false);
                }

                foreach (var edge in x)
                {
                    G.Line(edge, top, edge, rowBottoms[^1], 0.5, 0, dotted: false);
                }
            });
        }

        private void Heading(TableLayout layout, bool continued)
        {
            var title = Font(13, true);
            var small = Font(9);
            Text(layout.Number, small, Width - Margin - PdfTextMetrics.Width(layout.Number, small), _y + small.Size);
            var heading = layout.Title + (continued ? "（续）" : "") + (layout.IsEmpty ? TableLayout.EmptyMark : "");
            if (continued)
            {
                Artifact(() => Centered(heading, title, Margin, Width - Margin, _y + 10));
            }
            else
            {
                Begin("H2");
                Centered(heading, title, Margin, Width - Margin, _y + 10);
                End();
            }

            _y += 32;
            if (!continued)
            {
                Begin("P");
            }

            Text(layout.DepartmentLine, small, Margin, _y + 9);
            if (layout.YearLine is not null)
            {
                Centered(layout.YearLine, small, Margin, Width - Margin, _y);
            }

            if (layout.UnitLine is not null)
            {
                Text(layout.UnitLine, small, Width - Margin - PdfTextMetrics.Width(layout.UnitLine, small), _y + 9);
            }

            if (!continued)
            {
                End();
            }

            _y += 16;
        }

        /// <summary>A form's lines (label and value side by side) and task grids, in document order.</summary>
        private void Form(IReadOnlyList<FormItem> items, PdfTextFont font, PdfTextFont bold)
        {
            if (items.Count == 0)
            {
                return;
            }

            var labelWidth = Math.Min(160, TextWidth * 0.28);
            var lineHeight = font.Size * 1.3;
            foreach (var item in items)
            {
                if (item is FormGrid grid)
                {
                    _y += 2;
                    Grid([[grid.Title, .. grid.Columns]], grid.Rows.Select(r => (List<string?>)[r.Label, .. r.Values]).ToList(), 0, font, bold);
                    continue;
                }

                var field = ((FormLine)item).Field;
                var labelLines = Lines(field.Label, bold, labelWidth - (2 * Pad));
                var valueLines = Lines(field.Value ?? "", font, TextWidth - labelWidth - (2 * Pad));
                var height = (Math.Max(labelLines.Count, valueLines.Count) * lineHeight) + (2 * Pad);
                if (_y + height > Bottom)
                {
                    NewPage(_landscape);
                }

                Box(new PdfRect(Margin, _y, labelWidth, height), HeaderFill);
                Box(new PdfRect(Margin + labelWidth, _y, TextWidth - labelWidth, height), null);
                Begin("Table");
                Begin("TR");
                Begin("TH");
                for (var l = 0; l < labelLines.Count; l++)
                {
                    Text(labelLines[l], bold, Margin + Pad, _y + Pad + (l * lineHeight) + font.Size);
                }

                End();
                Begin("TD");
                for (var l = 0; l < valueLines.Count; l++)
                {
                    Text(valueLines[l], font, Margin + labelWidth + Pad, _y + Pad + (l * lineHeight) + font.Size);
                }

                End();
                End();
                End();
                _y += height;
            }

            _y += 6;
        }

        /// <summary>
        /// A plain grid (a form's task grid, a table inside the narrative): header rows on top, repeated on each page
        /// it runs onto; columns sized from their content; figures right-aligned.
        /// </summary>
        private void Grid(IReadOnlyList<List<string?>> header, IReadOnlyList<List<string?>> rows, double indent, PdfTextFont font, PdfTextFont bold)
        {
            var columns = header.Concat(rows).Select(r => r.Count).DefaultIfEmpty(0).Max();
            if (columns == 0)
            {
                return;
            }

            var available = TextWidth - indent;
            var natural = new double[columns];
            for (var c = 0; c < columns; c++)
            {
                natural[c] = header.Select(r => Measure(r, c, bold)).Concat(rows.Select(r => Measure(r, c, font))).Max() + (2 * Pad) + 2;
                natural[c] = Math.Clamp(natural[c], 36, available * 0.45);
            }

            var scale = available / natural.Sum();
            var widths = natural.Select(n => n * scale).ToArray();
            var lineHeight = font.Size * 1.3;
            Begin("Table");
            DrawRows(header, isHeader: true, repeated: false);
            foreach (var row in rows)
            {
                DrawRows([row], isHeader: false, repeated: false);
            }

            End();
            _y += 6;

            void DrawRows(IReadOnlyList<List<string?>> block, bool isHeader, bool repeated)
            {
                foreach (var row in block)
                {
                    var rowFont = isHeader ? bold : font;
                    var lines = Enumerable.Range(0, columns).Select(c => Lines(c < row.Count ? row[c] ?? "" : "", rowFont, widths[c] - (2 * Pad))).ToList();
                    var height = (lines.Max(l => l.Count) * lineHeight) + (2 * Pad);
                    if (!isHeader && _y + height > Bottom)
                    {
                        NewPage(_landscape);
                        if (Drawing)
                        {
                            pdf?.BeginArtifact();
                        }

                        DrawRows(header, isHeader: true, repeated: true);
                        if (Drawing)
                        {
                            pdf?.End();
                        }
                    }

                    if (!repeated)
                    {
                        Begin("TR");
                    }

                    var left = Margin + indent;
                    for (var c = 0; c < columns; c++)
                    {
                        Box(new PdfRect(left, _y, widths[c], height), isHeader || c == 0 ? HeaderFill : null);
                        if (!repeated)
                        {
                            Begin(isHeader || c == 0 ? "TH" : "TD");
                        }

                        var figure = !isHeader && c > 0 && FormLayout.TryFigure(c < row.Count ? row[c] : null, out _, out _);
                        for (var l = 0; l < lines[c].Count; l++)
                        {
                            var text = lines[c][l];
                            var textX = figure ? left + widths[c] - Pad - PdfTextMetrics.Width(text, rowFont)
                                : isHeader ? left + ((widths[c] - PdfTextMetrics.Width(text, rowFont)) / 2)
                                : left + Pad;
                            Text(text, rowFont, textX, _y + Pad + (l * lineHeight) + rowFont.Size);
                        }

                        if (!repeated)
                        {
                            End();
                        }

                        left += widths[c];
                    }

                    if (!repeated)
                    {
                        End();
                    }

                    _y += height;
                }
            }
        }

        private static double Measure(List<string?> row, int column, PdfTextFont font) =>
            column < row.Count && row[column] is { } text ? Math.Min(PdfTextMetrics.Width(text, font), 260) : 0;

        private double[] HeaderHeights(TableLayout layout, double[] widths, PdfTextFont font)
        {
            var lineHeight = font.Size * 1.3;
            var heights = new double[layout.HeaderRows.Count];
            for (var r = 0; r < layout.HeaderRows.Count; r++)
            {
                heights[r] = lineHeight + (2 * Pad);
                foreach (var cell in layout.HeaderRows[r].Where(c => c.RowSpan == 1))
                {
                    var width = widths.Skip(cell.FirstLeaf).Take(cell.ColSpan).Sum();
                    heights[r] = Math.Max(heights[r], (Lines(cell.Text, font, width - (2 * Pad)).Count * lineHeight) + (2 * Pad));
                }
            }

            for (var r = 0; r < layout.HeaderRows.Count; r++)
            {
                foreach (var cell in layout.HeaderRows[r].Where(c => c.RowSpan > 1))
                {
                    var width = widths.Skip(cell.FirstLeaf).Take(cell.ColSpan).Sum();
                    var needed = (Lines(cell.Text, font, width - (2 * Pad)).Count * lineHeight) + (2 * Pad);
                    var have = heights.Skip(r).Take(cell.RowSpan).Sum();
                    if (needed > have)
                    {
                        heights[r + cell.RowSpan - 1] += needed - have;
                    }
                }
            }

            return heights;
        }

        /// <summary>The header grid; on a continuation page it is an artifact (the reading order has it once).</summary>
        private void DrawHeader(TableLayout layout, double[] x, double[] heights, PdfTextFont font, bool repeated)
        {
            var top = _y;
            var lineHeight = font.Size * 1.3;
            if (repeated && Drawing)
            {
                pdf?.BeginArtifact();
            }

            for (var r = 0; r < layout.HeaderRows.Count; r++)
            {
                if (!repeated)
                {
                    Begin("TR");
                }

                var y = top + heights.Take(r).Sum();
                foreach (var cell in layout.HeaderRows[r])
                {
                    var rect = new PdfRect(x[cell.FirstLeaf], y, x[cell.FirstLeaf + cell.ColSpan] - x[cell.FirstLeaf], heights.Skip(r).Take(cell.RowSpan).Sum());
                    if (!repeated)
                    {
                        Box(rect, HeaderFill);
                        Begin("TH");
                        if (cell.ColSpan > 1)
                        {
                            pdf?.SetColSpan(cell.ColSpan);
                        }

                        if (cell.RowSpan > 1)
                        {
                            pdf?.SetRowSpan(cell.RowSpan);
                        }
                    }
                    else if (Drawing)
                    {
                        G.Rect(rect, HeaderFill, stroke: true);
                    }

                    var lines = Lines(cell.Text, font, rect.Width - (2 * Pad));
                    var textTop = rect.Y + ((rect.Height - (lines.Count * lineHeight)) / 2);
                    for (var l = 0; l < lines.Count; l++)
                    {
                        Centered(lines[l], font, rect.X, rect.X + rect.Width, textTop + (l * lineHeight));
                    }

                    if (!repeated)
                    {
                        End();
                    }
                }

                if (!repeated)
                {
                    End();
                }
            }

            if (repeated && Drawing)
            {
                pdf?.End();
            }

            _y = top + heights.Sum();
        }
    }

    /// <summary>Wraps text to a width: at any character for CJK, keeping Latin words and numbers whole where they fit.</summary>
    internal static List<string> Wrap(string? text, PdfTextFont font, double width)
    {
        text ??= "";
        if (!text.Contains('\n', StringComparison.Ordinal) && PdfTextMetrics.Width(text, font) <= width)
        {
            return [text];
        }

        var result = new List<string>(2);
        foreach (var paragraph in text.Split('\n'))
        {
            var start = 0;
            var used = 0.0;
            for (var i = 0; i < paragraph.Length; i++)
            {
                var ch = paragraph[i];
                var w = PdfTextMetrics.Width(ch, font);
                if (i > start && used + w > width)
                {
                    // Move a Latin word or number that straddles the break to the next line.
                    var cut = i;
                    while (cut > start && char.IsAsciiLetterOrDigit(paragraph[cut - 1]) && char.IsAsciiLetterOrDigit(ch))
                    {
                        cut--;
                    }

                    if (cut == start || cut - start < (i - start) / 2)
                    {
                        cut = i;
                    }

                    result.Add(paragraph[start..cut]);
                    start = cut;
                    used = PdfTextMetrics.Width(paragraph[cut..i], font);
                }

                used += w;
            }

            result.Add(paragraph[start..]);
        }

        return result;
    }

    /// <summary>Column widths, font size and orientation chosen from the content.</summary>
    private sealed record TablePlan(bool Landscape, double FontSize, double[] Widths)
    {
        private const double PortraitWidth = 595.28 - (2 * Margin);
        private const double LandscapeWidth = 841.89 - (2 * Margin);

        public static TablePlan For(TableLayout layout)
        {
            if (layout.Leaves.Count == 0)
            {
                return new TablePlan(false, BaseTableFont, [1]);
            }

            var font = Font(BaseTableFont);
            var natural = new double[layout.Leaves.Count];
            var minimum = new double[layout.Leaves.Count];
            for (var i = 0; i < natural.Length; i++)
            {
                var isText = !layout.Leaves[i].IsNumeric;
                var header = layout.Leaves[i].Title;
                var headerWidth = PdfTextMetrics.Width(header.Length > 4 ? header[..4] : header, font);
                var content = 0.0;
                foreach (var row in layout.Rows)
                {
                    content = Math.Max(content, PdfTextMetrics.Width(row.Cells[i].Text, font) + (row.Cells[i].Indent * BaseTableFont));
                }

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

            // Quarter points: a handful of sizes per process, so the glyph width cache stays small and warm.
            var fontSize = total > available ? Math.Max(MinTableFont, Math.Floor(BaseTableFont * available / total * 4) / 4) : BaseTableFont;
            return new TablePlan(landscape, fontSize, natural);
        }
    }
}
