using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace BudgetPortal.Core.Exports;

/// <summary>A rectangle in points, y downwards from the top of the page.</summary>
public readonly record struct PdfRect(double X, double Y, double Width, double Height);

/// <summary>
/// Writes a tagged PDF directly: pages whose content streams are written as they are drawn (text as glyph ids of the
/// one embedded font, rules, fills), marked content tied to a structure tree (Document, headings, paragraphs, lists,
/// tables with their spans, contents), artifacts, outlines, document information and XMP metadata, the font subset
/// with its widths and ToUnicode map. Coordinates are points from the top left of the page, as the layout thinks.
/// See decision 0340 for why this is not PDFsharp's XGraphics.
/// </summary>
public sealed class TaggedPdfWriter
{
    private const string FontName = "F1";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly TrueTypeFace _face;
    private readonly List<Page> _pages = [];
    private readonly List<Element> _elements = [];
    private readonly List<(string Title, int Level, int Page)> _outlines = [];
    private readonly Stack<Element?> _open = new();

    // The document's glyphs numbered in order of first use: CID = glyph id of the subset.
    private readonly ushort[] _cidOfChar = RentCleared();
    private readonly List<ushort> _glyphs = [0];
    private readonly List<char> _charOfCid = ['\0'];

    private Page? _page;
    private Element? _marked;
    private int _artifacts;

    private static ushort[] RentCleared()
    {
        var array = ArrayPool<ushort>.Shared.Rent(65536);
        Array.Clear(array, 0, 65536);
        return array;
    }

    public TaggedPdfWriter(TrueTypeFace face)
    {
        _face = face;
        Root = new Element("Document", null);
        _elements.Add(Root);
    }

    public string Title { get; init; } = "";

    public string Author { get; init; } = "";

    public string Subject { get; init; } = "";

    public string Creator { get; init; } = "";

    public string Language { get; init; } = "zh-CN";

    /// <summary>
    /// The document's date (<c>/CreationDate</c> and the XMP create date), none when not given. A published version's is
    /// its own (publication or approval), never the time of rendering: every render of it is the same bytes, as its
    /// strong ETag promises.
    /// </summary>
    public DateTimeOffset? Created { get; init; }

    private Element Root { get; }

    public int PageCount => _pages.Count;

    public void AddPage(double width, double height)
    {
        var artifacts = _artifacts;
        if (_page is not null)
        {
            CloseMarked();
            for (var i = 0; i < artifacts; i++)
            {
                _page.Content.Ascii("EMC\n");
            }
        }

        _page = new Page(_pages.Count, width, height);
        _pages.Add(_page);
        for (var i = 0; i < artifacts; i++)
        {
            _page.Content.Ascii("/Artifact BMC\n");
        }
    }

    /// <summary>Opens a structure element (H1, P, Table, TR, TD, TOC…) inside the current one.</summary>
    public void Begin(string type)
    {
        CloseMarked();
        var parent = Current;
        var element = new Element(type, parent);
        parent.AddKid(element);
        _elements.Add(element);
        _open.Push(element);
    }

    /// <summary>Content drawn until the matching <see cref="End"/> is not part of the reading order (footers, rules).</summary>
    public void BeginArtifact()
    {
        CloseMarked();
        _open.Push(null);
        _artifacts++;
        _page?.Content.Ascii("/Artifact BMC\n");
    }

    public void End()
    {
        CloseMarked();
        if (_open.Pop() is null)
        {
            _artifacts--;
            _page?.Content.Ascii("EMC\n");
        }
    }

    public void SetColSpan(int span) => Current.ColSpan = span;

    public void SetRowSpan(int span) => Current.RowSpan = span;

    /// <summary>A bookmark to the current page; level 0 is a part, level 1 a heading inside the last part.</summary>
    public void Outline(string title, int level) => _outlines.Add((title, level, _pages.Count - 1));

    private Element Current => _open.Count > 0 && _open.Peek() is { } e ? e : Root;

    private Page P => _page ?? throw new InvalidOperationException("No page.");

    public void Text(string text, PdfTextFont font, double x, double baseline)
    {
        var page = P;
        if (_artifacts == 0)
        {
            var element = Current;
            if (_marked != element)
            {
                CloseMarked();
                var mcid = page.Marked.Count;
                page.Marked.Add(element);
                element.AddContent(page.Index, mcid);
                page.Content.Ascii("/").Ascii(element.Type).Ascii(" <</MCID ").Int(mcid).Ascii(">> BDC\n");
                _marked = element;
            }
        }

        var c = page.Content;
        page.Fill(0, 0, 0);
        if (font.Bold)
        {
            page.Stroke(0, 0, 0);
            page.LineWidth(font.Size * 0.03);
        }

        c.Ascii("BT /").Ascii(FontName).Ascii(" ").Num(font.Size).Ascii(" Tf ");
        if (page.RenderMode != (font.Bold ? 2 : 0))
        {
            page.RenderMode = font.Bold ? 2 : 0;
            c.Int(page.RenderMode).Ascii(" Tr ");
        }

        c.Num(x).Ascii(" ").Num(page.Height - baseline).Ascii(" Td <");
        foreach (var ch in text)
        {
            var cid = _cidOfChar[ch];
            if (cid == 0 && ch != '\0')
            {
                cid = (ushort)_glyphs.Count;
                _cidOfChar[ch] = cid;
                _glyphs.Add(_face.Glyph(ch));
                _charOfCid.Add(ch);
            }

            c.Hex4(cid);
        }

        c.Ascii("> Tj ET\n");
    }

    public void Line(double x1, double y1, double x2, double y2, double width, double gray, bool dotted)
    {
        var page = P;
        page.Stroke(gray, gray, gray);
        page.LineWidth(width);
        page.Dash(dotted);
        page.Content.Num(x1).Ascii(" ").Num(page.Height - y1).Ascii(" m ").Num(x2).Ascii(" ").Num(page.Height - y2).Ascii(" l S\n");
    }

    /// <summary>A rectangle, filled with an RGB colour (0–255) when given, stroked with a thin black line when asked.</summary>
    public void Rect(PdfRect rect, (int R, int G, int B)? fill, bool stroke)
    {
        var page = P;
        if (fill is { } f)
        {
            page.Fill(f.R / 255.0, f.G / 255.0, f.B / 255.0);
        }

        if (stroke)
        {
            page.Stroke(0, 0, 0);
            page.LineWidth(0.5);
            page.Dash(false);
        }

        page.Content.Num(rect.X).Ascii(" ").Num(page.Height - rect.Y - rect.Height).Ascii(" ").Num(rect.Width).Ascii(" ").Num(rect.Height)
            .Ascii(fill is null ? " re S\n" : stroke ? " re B\n" : " re f\n");
    }

    private void CloseMarked()
    {
        if (_marked is not null)
        {
            _page?.Content.Ascii("EMC\n");
            _marked = null;
        }
    }

    public void Save(Stream output)
    {
        CloseMarked();
        var pages = _pages.Count;

        // Object numbers, in the order written: the document's fixed objects, then pages, elements and outlines.
        const int catalog = 1, pageTree = 2, info = 3, metadata = 4, type0 = 5, cidFont = 6, descriptor = 7, fontFile = 8,
            toUnicode = 9, structRoot = 10, parentTree = 11, outlineRoot = 12;
        var next = 13;
        var pageObject = new int[pages];
        var contentObject = new int[pages];
        for (var i = 0; i < pages; i++)
        {
            pageObject[i] = next++;
            contentObject[i] = next++;
        }

        foreach (var element in _elements)
        {
            element.Object = next++;
        }

        var outlineObject = new int[_outlines.Count];
        for (var i = 0; i < _outlines.Count; i++)
        {
            outlineObject[i] = next++;
        }

        // Structure elements (nearly all of the objects) go into compressed object streams, which need a cross-reference
        // stream (PDF 1.5): entry type 1 = offset in the file, type 2 = object stream and index in it.
        const int perStream = 1000;
        var objectStreams = new int[(_elements.Count + perStream - 1) / perStream];
        for (var i = 0; i < objectStreams.Length; i++)
        {
            objectStreams[i] = next++;
        }

        var xrefObject = next++;
        var offsets = new long[next];
        var located = new (int Stream, int Index)[next];
        // Written to the output in slices, so that no buffer of the file's size is needed.
        using var o = new PdfBytes(256 * 1024);
        o.Ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");

        void Begin(int number)
        {
            if (o.Length > 192 * 1024)
            {
                o.FlushTo(output);
            }

            offsets[number] = o.Position;
            o.Int(number).Ascii(" 0 obj\n");
        }

        void Stream(int number, ReadOnlySpan<byte> data, string extra, bool compress, ReadOnlySpan<byte> more = default)
        {
            Begin(number);
            if (compress)
            {
                // Compressed straight into the file; the length is filled into the room left for it.
                o.Ascii("<</Filter/FlateDecode").Ascii(extra).Ascii("/Length ");
                var room = o.Length;
                o.Ascii("          >>\nstream\n");
                var start = o.Length;
                using (var zlib = new ZLibStream(o.AsStream(), CompressionLevel.Fastest, leaveOpen: true))
                {
                    zlib.Write(data);
                    zlib.Write(more);
                }

                o.Patch(room, o.Length - start);
            }
            else
            {
                o.Ascii("<</Length ").Int(data.Length).Ascii(extra).Ascii(">>\nstream\n").Bytes(data);
            }

            o.Ascii("\nendstream\nendobj\n");
        }

        Begin(catalog);
        o.Ascii("<</Type/Catalog/Pages ").Ref(pageTree).Ascii("/Metadata ").Ref(metadata).Ascii("/StructTreeRoot ").Ref(structRoot)
            .Ascii("/MarkInfo<</Marked true>>/Lang").Text(Language).Ascii("/ViewerPreferences<</DisplayDocTitle true>>/PageLayout/SinglePage");
        if (_outlines.Count > 0)
        {
            o.Ascii("/Outlines ").Ref(outlineRoot).Ascii("/PageMode/UseOutlines");
        }

        o.Ascii(">>\nendobj\n");

        Begin(pageTree);
        o.Ascii("<</Type/Pages/Count ").Int(pages).Ascii("/Kids[");
        foreach (var p in pageObject)
        {
            o.Ref(p).Ascii(" ");
        }

        o.Ascii("]>>\nendobj\n");

        var created = Created?.ToUniversalTime();
        Begin(info);
        o.Ascii("<</Title").Text(Title).Ascii("/Author").Text(Author).Ascii("/Subject").Text(Subject).Ascii("/Creator").Text(Creator)
            .Ascii("/Producer").Text("BudgetPortal");
        if (created is { } date)
        {
            o.Ascii("/CreationDate").Text($"D:{date:yyyyMMddHHmmss}Z");
        }

        o.Ascii(">>\nendobj\n");

        var xmp = Encoding.UTF8.GetBytes(Xmp(created));
        Stream(metadata, xmp, "/Type/Metadata/Subtype/XML", compress: false);

        // The font: Type0 over a CIDFontType2 subset whose glyph ids are the CIDs.
        var subset = _face.Subset(_glyphs);
        var tag = SubsetTag();
        var scale = 1000.0 / _face.UnitsPerEm;
        Begin(type0);
        o.Ascii("<</Type/Font/Subtype/Type0/BaseFont/").Ascii(tag).Ascii("+PortalSans/Encoding/Identity-H/DescendantFonts[").Ref(cidFont)
            .Ascii("]/ToUnicode ").Ref(toUnicode).Ascii(">>\nendobj\n");
        Begin(cidFont);
        o.Ascii("<</Type/Font/Subtype/CIDFontType2/BaseFont/").Ascii(tag).Ascii("+PortalSans/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor ")
            .Ref(descriptor).Ascii("/CIDToGIDMap/Identity/DW 1000/W[0[");
        foreach (var glyph in _glyphs)
        {
            o.Int((int)Math.Round(_face.Advance(glyph) * scale)).Ascii(" ");
        }

        o.Ascii("]]>>\nendobj\n");
        var box = _face.BoundingBox;
        Begin(descriptor);
        o.Ascii("<</Type/FontDescriptor/FontName/").Ascii(tag).Ascii("+PortalSans/Flags 32/FontBBox[").Int((int)(box.XMin * scale)).Ascii(" ")
            .Int((int)(box.YMin * scale)).Ascii(" ").Int((int)(box.XMax * scale)).Ascii(" ").Int((int)(box.YMax * scale))
            .Ascii("]/ItalicAngle 0/Ascent ").Int((int)(_face.Ascender * scale)).Ascii("/Descent ").Int((int)(_face.Descender * scale))
            .Ascii("/CapHeight ").Int((int)(_face.CapHeight * scale)).Ascii("/XHeight ").Int((int)(_face.XHeight * scale))
            .Ascii("/StemV 80/FontFile2 ").Ref(fontFile).Ascii(">>\nendobj\n");
        Stream(fontFile, subset, "/Length1 " + subset.Length.ToString(Invariant), compress: true);
        Stream(toUnicode, Encoding.ASCII.GetBytes(ToUnicodeMap()), "", compress: true);

        // Structure tree: the root's one kid is the Document element; each page's marked content points to its element.
        Begin(structRoot);
        o.Ascii("<</Type/StructTreeRoot/K ").Ref(Root.Object).Ascii("/ParentTree ").Ref(parentTree).Ascii("/ParentTreeNextKey ").Int(pages)
            .Ascii(">>\nendobj\n");
        Begin(parentTree);
        o.Ascii("<</Nums[");
        foreach (var page in _pages)
        {
            o.Int(page.Index).Ascii("[");
            foreach (var element in page.Marked)
            {
                o.Ref(element.Object).Ascii(" ");
            }

            o.Ascii("]");
        }

        o.Ascii("]>>\nendobj\n");

        Outlines(o, Begin, outlineRoot, outlineObject, pageObject);

        for (var i = 0; i < pages; i++)
        {
            var page = _pages[i];
            Begin(pageObject[i]);
            o.Ascii("<</Type/Page/Parent ").Ref(pageTree).Ascii("/MediaBox[0 0 ").Num(page.Width).Ascii(" ").Num(page.Height)
                .Ascii("]/Resources<</Font<</").Ascii(FontName).Ascii(" ").Ref(type0).Ascii(">>>>/Contents ").Ref(contentObject[i])
                .Ascii("/StructParents ").Int(page.Index).Ascii("/Tabs/S>>\nendobj\n");
            Stream(contentObject[i], page.Content.Span, "", compress: true);
            page.Content.Dispose();
        }

        using var bodies = new PdfBytes(128 * 1024);
        using var header = new PdfBytes(16 * 1024);
        for (var n = 0; n < objectStreams.Length; n++)
        {
            bodies.Clear();
            header.Clear();
            var from = n * perStream;
            var to = Math.Min(_elements.Count, from + perStream);
            for (var k = from; k < to; k++)
            {
                var element = _elements[k];
                header.Int(element.Object).Ascii(" ").Int(bodies.Length).Ascii(" ");
                located[element.Object] = (objectStreams[n], k - from);
                StructureElement(bodies, element, structRoot, pageObject);
            }

            Stream(objectStreams[n], header.Span, $"/Type/ObjStm/N {to - from}/First {header.Length}", compress: true, bodies.Span);
        }

        var xref = o.Position;
        offsets[xrefObject] = xref;
        var entries = new byte[7 * next];
        entries[5] = 0xFF; // object 0: free, generation 65535
        entries[6] = 0xFF;
        for (var i = 1; i < next; i++)
        {
            var entry = entries.AsSpan(7 * i, 7);
            var (stream, index) = located[i];
            entry[0] = (byte)(stream > 0 ? 2 : 1);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(entry[1..], stream > 0 ? (uint)stream : (uint)offsets[i]);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(entry[5..], (ushort)index);
        }

        // The file identifier from what identifies this file (ISO 32000 §14.4: a digest of its time, size and information
        // dictionary), not random: two renders of the same version are the same bytes.
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', Title, Author, Subject, Creator, created?.ToString("O", Invariant), pages, xref, next))).AsSpan(0, 16));
        Stream(xrefObject, entries, $"/Type/XRef/Size {next}/W[1 4 2]/Root {catalog} 0 R/Info {info} 0 R/ID[<{id}><{id}>]", compress: true);
        o.Ascii("startxref\n").Int(xref).Ascii("\n%%EOF\n");
        o.FlushTo(output);
        ArrayPool<ushort>.Shared.Return(_cidOfChar);
    }

    private static void StructureElement(PdfBytes o, Element element, int structRoot, int[] pageObject)
    {
        o.Ascii("<</Type/StructElem/S/").Ascii(element.Type).Ascii("/P ").Ref(element.Parent is null ? structRoot : element.Parent.Object);
        var firstPage = element.Content.Count > 0 ? element.Content[0].Page : -1;
        if (firstPage >= 0)
        {
            o.Ascii("/Pg ").Ref(pageObject[firstPage]);
        }

        if (element.ColSpan > 1 || element.RowSpan > 1)
        {
            o.Ascii("/A<</O/Table");
            if (element.ColSpan > 1)
            {
                o.Ascii("/ColSpan ").Int(element.ColSpan);
            }

            if (element.RowSpan > 1)
            {
                o.Ascii("/RowSpan ").Int(element.RowSpan);
            }

            o.Ascii(">>");
        }

        // Kids in reading order: marked content and child elements interleave as they were drawn.
        if (element.HasKids)
        {
            o.Ascii("/K[");
            var content = 0;
            foreach (var kid in element.Order)
            {
                if (kid is null)
                {
                    var (pageIndex, mcid) = element.Content[content++];
                    if (pageIndex == firstPage)
                    {
                        o.Int(mcid).Ascii(" ");
                    }
                    else
                    {
                        o.Ascii("<</Type/MCR/Pg ").Ref(pageObject[pageIndex]).Ascii("/MCID ").Int(mcid).Ascii(">>");
                    }
                }
                else
                {
                    o.Ref(kid.Object).Ascii(" ");
                }
            }

            o.Ascii("]");
        }

        o.Ascii(">>\n");
    }

    private void Outlines(PdfBytes o, Action<int> begin, int root, int[] objects, int[] pageObject)
    {
        if (_outlines.Count == 0)
        {
            return;
        }

        // Parent of each item: the last item of a lower level before it (or the root).
        var parent = new int[_outlines.Count];
        for (var i = 0; i < _outlines.Count; i++)
        {
            parent[i] = -1;
            for (var j = i - 1; j >= 0; j--)
            {
                if (_outlines[j].Level < _outlines[i].Level)
                {
                    parent[i] = j;
                    break;
                }
            }
        }

        var children = new Dictionary<int, List<int>>();
        for (var i = -1; i < _outlines.Count; i++)
        {
            children[i] = [];
        }

        for (var i = 0; i < _outlines.Count; i++)
        {
            children[parent[i]].Add(i);
        }

        int Descendants(int i) => children[i].Sum(c => 1 + Descendants(c));
        var top = children[-1];
        begin(root);
        o.Ascii("<</Type/Outlines/First ").Ref(objects[top[0]]).Ascii("/Last ").Ref(objects[top[^1]]).Ascii("/Count ").Int(top.Count).Ascii(">>\nendobj\n");
        for (var i = 0; i < _outlines.Count; i++)
        {
            var (title, _, page) = _outlines[i];
            var siblings = children[parent[i]];
            var at = siblings.IndexOf(i);
            begin(objects[i]);
            o.Ascii("<</Title").Text(title).Ascii("/Parent ").Ref(parent[i] < 0 ? root : objects[parent[i]])
                .Ascii("/Dest[").Ref(pageObject[Math.Max(0, page)]).Ascii("/XYZ null null null]");
            if (at > 0)
            {
                o.Ascii("/Prev ").Ref(objects[siblings[at - 1]]);
            }

            if (at < siblings.Count - 1)
            {
                o.Ascii("/Next ").Ref(objects[siblings[at + 1]]);
            }

            if (children[i].Count > 0)
            {
                o.Ascii("/First ").Ref(objects[children[i][0]]).Ascii("/Last ").Ref(objects[children[i][^1]]).Ascii("/Count -").Int(Descendants(i));
            }

            o.Ascii(">>\nendobj\n");
        }
    }

    private string SubsetTag()
    {
        // Six capital letters derived from the glyph set, as subset fonts are named.
        var hash = 17;
        foreach (var g in _glyphs)
        {
            hash = unchecked((hash * 31) + g);
        }

        var tag = new char[6];
        var value = (uint)hash;
        for (var i = 0; i < 6; i++)
        {
            tag[i] = (char)('A' + (value % 26));
            value /= 26;
        }

        return new string(tag);
    }

    private string ToUnicodeMap()
    {
        var map = new StringBuilder(64 * _charOfCid.Count);
        map.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (var start = 1; start < _charOfCid.Count; start += 100)
        {
            var count = Math.Min(100, _charOfCid.Count - start);
            map.Append(count).Append(" beginbfchar\n");
            for (var cid = start; cid < start + count; cid++)
            {
                map.Append('<').Append(cid.ToString("X4", Invariant)).Append("> <").Append(((int)_charOfCid[cid]).ToString("X4", Invariant)).Append(">\n");
            }

            map.Append("endbfchar\n");
        }

        map.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return map.ToString();
    }

    private string Xmp(DateTimeOffset? created)
    {
        static string X(string s) => System.Security.SecurityElement.Escape(s) ?? "";
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            + "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"><pdf:Producer>BudgetPortal</pdf:Producer></rdf:Description>\n"
            + $"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(Title)}</rdf:li></rdf:Alt></dc:title>"
            + $"<dc:creator><rdf:Seq><rdf:li>{X(Author)}</rdf:li></rdf:Seq></dc:creator><dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(Subject)}</rdf:li></rdf:Alt></dc:description><dc:language><rdf:Bag><rdf:li>{X(Language)}</rdf:li></rdf:Bag></dc:language></rdf:Description>\n"
            + $"<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"><xmp:CreatorTool>{X(Creator)}</xmp:CreatorTool>{(created is { } date ? $"<xmp:CreateDate>{date:yyyy-MM-ddTHH:mm:ss}Z</xmp:CreateDate>" : "")}</rdf:Description>\n"
            + "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    }

    private sealed class Element(string type, Element? parent)
    {
        public string Type { get; } = type;

        public Element? Parent { get; } = parent;

        /// <summary>Marked content of this element: page and MCID.</summary>
        public List<(int Page, int Mcid)> Content { get; } = [];

        public int ColSpan { get; set; } = 1;

        public int RowSpan { get; set; } = 1;

        public int Object { get; set; }

        /// <summary>Kids and marked content interleaved in drawing order (null stands for the next marked content).</summary>
        public IReadOnlyList<Element?> Order => _order;

        public bool HasKids => _order.Count > 0;

        private readonly List<Element?> _order = [];

        public void AddKid(Element kid) => _order.Add(kid);

        public void AddContent(int page, int mcid)
        {
            Content.Add((page, mcid));
            _order.Add(null);
        }
    }

    private sealed class Page(int index, double width, double height)
    {
        private (double, double, double) _fill = (0, 0, 0);
        private (double, double, double) _stroke = (0, 0, 0);
        private double _lineWidth = 1;
        private bool _dotted;

        public int Index { get; } = index;

        public double Width { get; } = width;

        public double Height { get; } = height;

        public PdfBytes Content { get; } = new(16 * 1024);

        /// <summary>The element of each MCID on this page, in MCID order (this page's entry in the parent tree).</summary>
        public List<Element> Marked { get; } = [];

        public int RenderMode { get; set; }

        public void Fill(double r, double g, double b)
        {
            if (_fill != (r, g, b))
            {
                _fill = (r, g, b);
                Content.Num(r).Ascii(" ").Num(g).Ascii(" ").Num(b).Ascii(" rg\n");
            }
        }

        public void Stroke(double r, double g, double b)
        {
            if (_stroke != (r, g, b))
            {
                _stroke = (r, g, b);
                Content.Num(r).Ascii(" ").Num(g).Ascii(" ").Num(b).Ascii(" RG\n");
            }
        }

        public void LineWidth(double width)
        {
            if (_lineWidth != width)
            {
                _lineWidth = width;
                Content.Num(width).Ascii(" w\n");
            }
        }

        public void Dash(bool dotted)
        {
            if (_dotted != dotted)
            {
                _dotted = dotted;
                Content.Ascii(dotted ? "[0.5 1.5] 0 d\n" : "[] 0 d\n");
            }
        }
    }
}

/// <summary>
/// A growable byte buffer (rented from the shared pool) with the few ways PDF syntax needs to write numbers and strings;
/// it can hand what it holds to a stream and go on counting positions from there.
/// </summary>
internal sealed class PdfBytes(int capacity) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private long _flushed;

    public int Length { get; private set; }

    /// <summary>The position in the whole output: what was flushed plus what is held.</summary>
    public long Position => _flushed + Length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Empties a buffer that was never flushed, to fill it again.</summary>
    public void Clear() => Length = 0;

    public void FlushTo(Stream output)
    {
        output.Write(_buffer, 0, Length);
        _flushed += Length;
        Length = 0;
    }

    /// <summary>Writes a number left-aligned over the spaces at <paramref name="at"/> (room left for a length).</summary>
    public void Patch(int at, int value) => value.TryFormat(_buffer.AsSpan(at, 10), out _, default, CultureInfo.InvariantCulture);

    public Stream AsStream() => new Appender(this);

    private Span<byte> Room(int size)
    {
        if (Length + size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + size));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        return _buffer.AsSpan(Length);
    }

    public PdfBytes Ascii(string text)
    {
        var room = Room(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            room[i] = (byte)text[i];
        }

        Length += text.Length;
        return this;
    }

    public PdfBytes Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        Length += bytes.Length;
        return this;
    }

    public PdfBytes Int(long value)
    {
        value.TryFormat(Room(20), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
        return this;
    }

    /// <summary>A number with at most three decimals, without exponent (as PDF reals are written).</summary>
    public PdfBytes Num(double value)
    {
        var thousandths = (long)Math.Round(value * 1000);
        if (thousandths < 0)
        {
            Ascii("-");
            thousandths = -thousandths;
        }

        Int(thousandths / 1000);
        var fraction = (int)(thousandths % 1000);
        if (fraction != 0)
        {
            var room = Room(4);
            room[0] = (byte)'.';
            room[1] = (byte)('0' + (fraction / 100));
            room[2] = (byte)('0' + (fraction / 10 % 10));
            room[3] = (byte)('0' + (fraction % 10));
            Length += fraction % 100 == 0 ? 2 : fraction % 10 == 0 ? 3 : 4;
        }

        return this;
    }

    public PdfBytes Ref(int number) => Int(number).Ascii(" 0 R");

    /// <summary>A number as ten digits with leading zeros (a cross-reference entry's offset).</summary>
    public PdfBytes Int10(long value)
    {
        value.TryFormat(Room(10), out var written, "D10", CultureInfo.InvariantCulture);
        Length += written;
        return this;
    }

    /// <summary>Four hex digits of a 16-bit code.</summary>
    public PdfBytes Hex4(ushort code)
    {
        const string digits = "0123456789ABCDEF";
        var room = Room(4);
        room[0] = (byte)digits[code >> 12];
        room[1] = (byte)digits[(code >> 8) & 0xF];
        room[2] = (byte)digits[(code >> 4) & 0xF];
        room[3] = (byte)digits[code & 0xF];
        Length += 4;
        return this;
    }

    /// <summary>A text string: plain when ASCII printable, else UTF-16BE with its byte order mark, in hex.</summary>
    public PdfBytes Text(string text)
    {
        if (text.All(c => c >= 0x20 && c < 0x7F && c != '(' && c != ')' && c != '\\'))
        {
            return Ascii("(").Ascii(text).Ascii(")");
        }

        Ascii("<FEFF");
        foreach (var ch in text)
        {
            Hex4(ch);
        }

        return Ascii(">");
    }

    /// <summary>Lets a compressor write into the buffer.</summary>
    private sealed class Appender(PdfBytes bytes) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => bytes.Position;

        public override long Position
        {
            get => bytes.Position;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => bytes.Bytes(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => bytes.Bytes(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
