namespace BudgetPortal.Core.Exports;

/// <summary>A size and weight of the PDF's one typeface (bold is drawn as fill and stroke, as PDFsharp simulates it).</summary>
public readonly record struct PdfTextFont(double Size, bool Bold = false);

/// <summary>
/// Text widths for the PDF from the font's own advance widths, read once per process (<see cref="TrueTypeFace"/>):
/// the sum of the glyphs' advances without kerning or shaping, which is what the PDF viewer draws and what PDFsharp
/// measures (the test <c>CachedGlyphWidthsAddUpToWhatPdfSharpMeasures</c> pins that).
/// </summary>
public static class PdfTextMetrics
{
    private static TrueTypeFace? _face;
    private static double[] _advance = [];

    /// <summary>The face every width is measured in; set once by the exporter.</summary>
    public static TrueTypeFace Face
    {
        get => _face ?? throw new InvalidOperationException("PdfTextMetrics is used before the PDF font is loaded.");
        internal set
        {
            var advance = new double[65536];
            for (var c = 0; c < advance.Length; c++)
            {
                advance[c] = value.Advance(value.Glyph((char)c)) / (double)value.UnitsPerEm;
            }

            _advance = advance;
            _face = value;
        }
    }

    /// <summary>The width of the text in points.</summary>
    public static double Width(string text, PdfTextFont font) => Width(text.AsSpan(), font);

    public static double Width(ReadOnlySpan<char> text, PdfTextFont font)
    {
        var advance = _advance;
        var em = 0.0;
        foreach (var ch in text)
        {
            em += advance[ch];
        }

        return em * font.Size;
    }

    /// <summary>The width of one character in points.</summary>
    public static double Width(char ch, PdfTextFont font) => _advance[ch] * font.Size;
}
