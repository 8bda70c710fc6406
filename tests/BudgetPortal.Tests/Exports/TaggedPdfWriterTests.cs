using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Exports;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Exports;

public sealed class TaggedPdfWriterTests
{
    private static byte[] Write(Action<TaggedPdfWriter> draw)
    {
        _ = Pdf.Exporter.Value;
        var writer = new TaggedPdfWriter(PdfTextMetrics.Face) { Title = "测试文档", Author = "合成水利局" };
        draw(writer);
        using var stream = new MemoryStream();
        writer.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void AParagraphRunningOntoTheNextPageIsOneElementWithMarkedContentOnBothPages()
    {
        var pdf = Write(w =>
        {
            w.AddPage(595.28, 841.89);
            w.Begin("P");
            w.Text("第一页的文字", new PdfTextFont(10.5), 36, 60);
            w.AddPage(595.28, 841.89);
            w.Text("第二页的文字", new PdfTextFont(10.5, Bold: true), 36, 60);
            w.End();
        });
        var raw = Pdf.Syntax(pdf);

        Regex.Count(raw, @"/S/P/P ").ShouldBe(1);
        raw.ShouldContain("/Type/MCR/Pg");
        Regex.IsMatch(raw, @"/Nums\[0\[\d+ 0 R \]1\[\d+ 0 R \]\]").ShouldBeTrue(raw[..Math.Min(raw.Length, 4000)]);
        var pages = Pdf.ToText(pdf).Split('\f');
        pages[0].ShouldContain("第一页的文字");
        pages[1].ShouldContain("第二页的文字");
        Pdf.Info(pdf).ShouldContain("Tagged:          yes");
    }

    [Fact]
    public void TheEmbeddedSubsetHoldsOnlyTheGlyphsDrawnAndTheirWidths()
    {
        var pdf = Write(w =>
        {
            w.AddPage(595.28, 841.89);
            w.BeginArtifact();
            w.Text("第 1 页", new PdfTextFont(8.5), 36, 800);
            w.End();
        });
        var raw = Pdf.Syntax(pdf);

        // .notdef and 第, space, 1, 页 in order of first use (then any components of composite glyphs, a few at most, not
        // the font's tens of thousands); the space as the font's advance in thousandths of an em.
        var widths = Regex.Match(raw, @"/W\[0\[([\d ]+)\]\]").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        widths.Length.ShouldBeInRange(5, 12);
        var face = PdfTextMetrics.Face;
        int.Parse(widths[2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe((int)Math.Round(face.Advance(face.Glyph(' ')) * 1000.0 / face.UnitsPerEm));
        Regex.IsMatch(Pdf.ToText(pdf), @"第\s*1\s*页").ShouldBeTrue();
        raw.ShouldNotContain("/MCID");
    }
}
