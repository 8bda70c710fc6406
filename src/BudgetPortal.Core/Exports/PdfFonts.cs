using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// The CJK font for PDF export. PDFsharp reads TrueType-outline fonts but not .ttc collections, so the first face of
/// a collection (Debian's fonts-wqy-microhei) is copied out into a standalone TrueType font; only the glyphs a
/// document uses are embedded.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "PortalSans";

    /// <summary>Where Debian installs TrueType CJK fonts with Latin glyphs, in order of preference.</summary>
    public static readonly string[] KnownLocations =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];

    private readonly byte[] _font;

    private PdfFonts(string path, byte[] font)
    {
        Path = path;
        _font = font;
        Face = new TrueTypeFace(font);
    }

    public string Path { get; }

    /// <summary>The font read once for this process: glyphs, advance widths, metrics and the glyph outlines to subset.</summary>
    public TrueTypeFace Face { get; }

    /// <summary>Finds and loads the font: the configured path, else the first known location that exists.</summary>
    public static PdfFonts Load(string? configuredPath)
    {
        var path = !string.IsNullOrWhiteSpace(configuredPath) ? configuredPath : KnownLocations.FirstOrDefault(File.Exists);
        if (path is null || !File.Exists(path))
        {
            throw new PdfFontMissingException(path);
        }

        var bytes = File.ReadAllBytes(path);
        return new PdfFonts(path, IsCollection(bytes) ? ExtractFirstFace(bytes) : bytes);
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(Family, bold, false);

    public byte[]? GetFont(string faceName) => _font;

    private static bool IsCollection(byte[] bytes) => bytes.Length > 12 && bytes[0] == 't' && bytes[1] == 't' && bytes[2] == 'c' && bytes[3] == 'f';

    /// <summary>Copies face 0 of a TrueType collection into a standalone font file (tables re-laid out, 4-byte aligned).</summary>
    public static byte[] ExtractFirstFace(byte[] collection)
    {
        var span = collection.AsSpan();
        var faceOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(span[12..]);
        var numTables = BinaryPrimitives.ReadUInt16BigEndian(span[(faceOffset + 4)..]);
        var headerLength = 12 + (16 * numTables);
        var tables = new List<(uint Tag, uint Checksum, int Offset, int Length)>();
        for (var i = 0; i < numTables; i++)
        {
            var entry = span[(faceOffset + 12 + (16 * i))..];
            tables.Add((BinaryPrimitives.ReadUInt32BigEndian(entry), BinaryPrimitives.ReadUInt32BigEndian(entry[4..]),
                (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(entry[12..])));
        }

        var total = headerLength + tables.Sum(t => (t.Length + 3) & ~3);
        var result = new byte[total];
        span.Slice(faceOffset, 12).CopyTo(result);
        var position = headerLength;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, checksum, offset, length) = tables[i];
            var entry = result.AsSpan(12 + (16 * i));
            BinaryPrimitives.WriteUInt32BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], checksum);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)length);
            span.Slice(offset, length).CopyTo(result.AsSpan(position));
            position += (length + 3) & ~3;
        }

        return result;
    }
}

public sealed class PdfFontMissingException(string? path)
    : Exception(path is null
        ? $"找不到 PDF 所需的中文字体。请安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei），或在 Portal:PdfFont 中指定 TrueType 字体文件。已查找：{string.Join("、", PdfFonts.KnownLocations)}"
        : $"找不到 PDF 所需的中文字体文件：{path}。请检查 Portal:PdfFont 设置，或安装 fonts-wqy-microhei。");
