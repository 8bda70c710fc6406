using System.Buffers.Binary;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// A TrueType font read once per process for the PDF: each character's glyph and advance width (from cmap and hmtx),
/// the metrics of its font descriptor, and a subsetter that copies the glyphs a document uses (with the components of
/// composite glyphs) into a small font numbered in order of first use, so that glyph id = CID (CIDToGIDMap Identity).
/// </summary>
public sealed class TrueTypeFace
{
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables = [];
    private readonly ushort[] _glyphOfChar = new ushort[65536];
    private readonly ushort[] _advance;
    private readonly short[] _leftBearing;
    private readonly int[] _glyphOffset;

    public TrueTypeFace(byte[] data)
    {
        _data = data;
        var numTables = U16(4);
        for (var i = 0; i < numTables; i++)
        {
            var entry = 12 + (16 * i);
            var tag = System.Text.Encoding.ASCII.GetString(data, entry, 4);
            _tables[tag] = ((int)U32(entry + 8), (int)U32(entry + 12));
        }

        foreach (var required in new[] { "head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap" })
        {
            if (!_tables.ContainsKey(required))
            {
                throw new InvalidDataException($"TrueType font without a {required} table (only TrueType outlines are supported).");
            }
        }

        var head = _tables["head"].Offset;
        UnitsPerEm = U16(head + 18);
        BoundingBox = (S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42));
        var longLoca = S16(head + 50) == 1;
        var hhea = _tables["hhea"].Offset;
        Ascender = S16(hhea + 4);
        Descender = S16(hhea + 6);
        var metrics = U16(hhea + 34);
        GlyphCount = U16(_tables["maxp"].Offset + 4);
        if (_tables.TryGetValue("OS/2", out var os2) && os2.Length >= 90 && U16(os2.Offset) >= 2)
        {
            XHeight = S16(os2.Offset + 86);
            CapHeight = S16(os2.Offset + 88);
        }
        else
        {
            CapHeight = Ascender;
            XHeight = (short)(Ascender / 2);
        }

        _advance = new ushort[GlyphCount];
        _leftBearing = new short[GlyphCount];
        var hmtx = _tables["hmtx"].Offset;
        for (var g = 0; g < GlyphCount; g++)
        {
            if (g < metrics)
            {
                _advance[g] = U16(hmtx + (4 * g));
                _leftBearing[g] = S16(hmtx + (4 * g) + 2);
            }
            else
            {
                _advance[g] = _advance[metrics - 1];
                _leftBearing[g] = S16(hmtx + (4 * metrics) + (2 * (g - metrics)));
            }
        }

        _glyphOffset = new int[GlyphCount + 1];
        var loca = _tables["loca"].Offset;
        for (var g = 0; g <= GlyphCount; g++)
        {
            _glyphOffset[g] = longLoca ? (int)U32(loca + (4 * g)) : U16(loca + (2 * g)) * 2;
        }

        ReadCharacterMap();
    }

    public int UnitsPerEm { get; }

    public int GlyphCount { get; }

    public short Ascender { get; }

    public short Descender { get; }

    public short CapHeight { get; }

    public short XHeight { get; }

    public (short XMin, short YMin, short XMax, short YMax) BoundingBox { get; }

    /// <summary>The glyph of a character (0, .notdef, when the font has none).</summary>
    public ushort Glyph(char ch) => _glyphOfChar[ch];

    /// <summary>The advance width of a glyph in font units.</summary>
    public int Advance(ushort glyph) => _advance[glyph];

    /// <summary>
    /// A standalone TrueType font holding the given glyphs (original ids; the first must be 0) renumbered to their index
    /// in the list; components of composite glyphs are appended to <paramref name="glyphs"/> as they are found.
    /// </summary>
    public byte[] Subset(List<ushort> glyphs)
    {
        var newId = new Dictionary<ushort, ushort>(glyphs.Count * 2);
        for (var i = 0; i < glyphs.Count; i++)
        {
            newId[glyphs[i]] = (ushort)i;
        }

        var glyf = _tables["glyf"].Offset;
        var outlines = new List<byte[]>(glyphs.Count);
        for (var i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            var start = _glyphOffset[g];
            var length = _glyphOffset[g + 1] - start;
            var bytes = length > 0 ? _data.AsSpan(glyf + start, length).ToArray() : [];
            if (length >= 10 && BinaryPrimitives.ReadInt16BigEndian(bytes) < 0)
            {
                // Composite: renumber each component, adding it to the subset.
                var p = 10;
                while (true)
                {
                    var flags = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(p));
                    var component = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(p + 2));
                    if (!newId.TryGetValue(component, out var id))
                    {
                        id = (ushort)glyphs.Count;
                        newId[component] = id;
                        glyphs.Add(component);
                    }

                    BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(p + 2), id);
                    p += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
                    p += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
                    if ((flags & 0x0020) == 0)
                    {
                        break;
                    }
                }
            }

            outlines.Add(bytes);
        }

        var count = glyphs.Count;
        var glyfTable = new byte[outlines.Sum(o => (o.Length + 3) & ~3)];
        var locaTable = new byte[4 * (count + 1)];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(locaTable.AsSpan(4 * i), (uint)position);
            outlines[i].CopyTo(glyfTable, position);
            position += (outlines[i].Length + 3) & ~3;
        }

        BinaryPrimitives.WriteUInt32BigEndian(locaTable.AsSpan(4 * count), (uint)position);
        var hmtxTable = new byte[4 * count];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(hmtxTable.AsSpan(4 * i), _advance[glyphs[i]]);
            BinaryPrimitives.WriteInt16BigEndian(hmtxTable.AsSpan((4 * i) + 2), _leftBearing[glyphs[i]]);
        }

        var headTable = Table("head");
        BinaryPrimitives.WriteUInt32BigEndian(headTable.AsSpan(8), 0);
        BinaryPrimitives.WriteInt16BigEndian(headTable.AsSpan(50), 1);
        var hheaTable = Table("hhea");
        BinaryPrimitives.WriteUInt16BigEndian(hheaTable.AsSpan(34), (ushort)count);
        var maxpTable = Table("maxp");
        BinaryPrimitives.WriteUInt16BigEndian(maxpTable.AsSpan(4), (ushort)count);
        var tables = new List<(string Tag, byte[] Bytes)>
        {
            ("OS/2", Table("OS/2")), ("cvt ", Table("cvt ")), ("fpgm", Table("fpgm")), ("glyf", glyfTable), ("head", headTable),
            ("hhea", hheaTable), ("hmtx", hmtxTable), ("loca", locaTable), ("maxp", maxpTable), ("prep", Table("prep")),
        };
        tables.RemoveAll(t => t.Bytes.Length == 0);
        return Assemble(tables);
    }

    private byte[] Table(string tag) =>
        _tables.TryGetValue(tag, out var t) ? _data.AsSpan(t.Offset, t.Length).ToArray() : [];

    private static byte[] Assemble(List<(string Tag, byte[] Bytes)> tables)
    {
        var header = 12 + (16 * tables.Count);
        var result = new byte[header + tables.Sum(t => (t.Bytes.Length + 3) & ~3)];
        var span = result.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Count);
        var power = 1;
        var log = 0;
        while (power * 2 <= tables.Count)
        {
            power *= 2;
            log++;
        }

        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)((tables.Count * 16) - (power * 16)));
        var position = header;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, bytes) = tables[i];
            var entry = span[(12 + (16 * i))..];
            for (var c = 0; c < 4; c++)
            {
                entry[c] = (byte)tag[c];
            }

            bytes.CopyTo(result, position);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], Checksum(result.AsSpan(position, (bytes.Length + 3) & ~3)));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)bytes.Length);
            position += (bytes.Length + 3) & ~3;
        }

        return result;
    }

    private static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(bytes[i..]);
        }

        return sum;
    }

    /// <summary>Reads the Unicode BMP subtable (format 4) of cmap, or a full-repertoire one (format 12) for its BMP part.</summary>
    private void ReadCharacterMap()
    {
        var cmap = _tables["cmap"].Offset;
        var count = U16(cmap + 2);
        int? format4 = null;
        int? format12 = null;
        for (var i = 0; i < count; i++)
        {
            var platform = U16(cmap + 4 + (8 * i));
            var encoding = U16(cmap + 6 + (8 * i));
            var offset = cmap + (int)U32(cmap + 8 + (8 * i));
            var format = U16(offset);
            var unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if (unicode && format == 4)
            {
                format4 ??= offset;
            }
            else if (unicode && format == 12)
            {
                format12 ??= offset;
            }
        }

        if (format12 is { } f12)
        {
            var groups = (int)U32(f12 + 12);
            for (var g = 0; g < groups; g++)
            {
                var start = U32(f12 + 16 + (12 * g));
                var end = U32(f12 + 20 + (12 * g));
                var glyph = U32(f12 + 24 + (12 * g));
                for (var c = start; c <= end && c < 0xFFFF; c++)
                {
                    _glyphOfChar[c] = (ushort)(glyph + (c - start));
                }
            }

            return;
        }

        if (format4 is not { } f4)
        {
            throw new InvalidDataException("TrueType font without a Unicode character map.");
        }

        var segments = U16(f4 + 6) / 2;
        var ends = f4 + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            var start = U16(starts + (2 * s));
            var end = U16(ends + (2 * s));
            var delta = U16(deltas + (2 * s));
            var rangeOffset = U16(rangeOffsets + (2 * s));
            for (var c = start; c <= end && c < 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    var address = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                    glyph = U16(address);
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }

                _glyphOfChar[c] = glyph < GlyphCount ? (ushort)glyph : (ushort)0;
            }
        }
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(offset));

    private short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(offset));
}
