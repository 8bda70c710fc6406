using PdfSharp.Drawing;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// Text widths for the PDF from glyph widths measured once per process: per font size and weight, per character.
/// PDFsharp measures a string as the sum of its glyphs' advance widths (no kerning, no shaping), so adding cached
/// widths gives the same figure as <see cref="XGraphics.MeasureString(string, XFont)"/> at a fraction of its cost;
/// wrapping a cell then costs one pass over its characters instead of one measurement per character.
/// </summary>
public static class PdfTextMetrics
{
    private static readonly Dictionary<(double Size, bool Bold), double[]?[]> Tables = [];
    private static readonly Lock Gate = new();
    private static XGraphics? _measure;

    /// <summary>The width of the text in points, as PDFsharp draws it.</summary>
    public static double Width(string text, XFont font)
    {
        var table = TableFor(font);
        var width = 0.0;
        foreach (var ch in text)
        {
            width += CharWidth(table, ch, font);
        }

        return width;
    }

    /// <summary>The width of one character in points.</summary>
    public static double Width(char ch, XFont font) => CharWidth(TableFor(font), ch, font);

    private static double[]?[] TableFor(XFont font)
    {
        var key = (font.Size, font.Bold);
        lock (Gate)
        {
            if (!Tables.TryGetValue(key, out var table))
            {
                table = new double[]?[256];
                Tables[key] = table;
            }

            return table;
        }
    }

    private static double CharWidth(double[]?[] table, char ch, XFont font)
    {
        var page = Volatile.Read(ref table[ch >> 8]);
        if (page is null)
        {
            var fresh = new double[256];
            Array.Fill(fresh, double.NaN);
            page = Interlocked.CompareExchange(ref table[ch >> 8], fresh, null) ?? fresh;
        }

        var width = Volatile.Read(ref page[ch & 0xFF]);
        if (double.IsNaN(width))
        {
            lock (Gate)
            {
                _measure ??= XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
                width = _measure.MeasureString(ch.ToString(), font).Width;
            }

            Volatile.Write(ref page[ch & 0xFF], width);
        }

        return width;
    }
}
