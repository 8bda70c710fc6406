using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Exports;
using BudgetPortal.Tests.Infrastructure;
using PdfSharp.Drawing;

namespace BudgetPortal.Tests.Exports;

/// <summary>What the whole-disclosure PDF says, read back with poppler's pdftotext.</summary>
public sealed partial class PdfContentTests
{
    private static byte[] Export()
    {
        using var stream = new MemoryStream();
        Pdf.Exporter.Value.WriteDisclosure(FormDocuments.WithForm(), stream);
        return stream.ToArray();
    }

    private static string[] Pages(byte[] pdf) => Pdf.ToText(pdf).Split('\f');

    [Fact]
    public void ContentsListsEveryNarrativePartItsHeadingsAndEveryTableWithPageNumbers()
    {
        var contents = Pages(Export())[1];

        foreach (var entry in new[] { "第一部分 合成水利局概况", "一、主要职能", "二、机构设置", "公开01表 支出功能分类预算表", "公开08表 政府性基金预算财政拨款支出决算表（空表）", "附件1 部门整体绩效自评表（合成水利局本级）" })
        {
            contents.ShouldContain(entry);
            Regex.IsMatch(contents, Regex.Escape(entry) + @"[ .]*\s+\d+\s*$", RegexOptions.Multiline).ShouldBeTrue($"{entry} has a page number");
        }
    }

    [Fact]
    public void AnEmptyTableCarriesTheMarkAndItsNote()
    {
        var page = Pages(Export()).Single(p => p.Contains("政府性基金预算财政拨款支出决算表", StringComparison.Ordinal) && !p.Contains("目  录", StringComparison.Ordinal) && !p.Contains("目 录", StringComparison.Ordinal));

        page.ShouldContain("政府性基金预算财政拨款支出决算表（空表）");
        page.ShouldContain("本部门本年度无政府性基金预算财政拨款支出。");
    }

    [Fact]
    public void PerformanceTaskLinesPrintAsAGridOneRowPerTaskInColumnOrder()
    {
        var text = Pdf.ToText(Export());

        Regex.IsMatch(text, @"年度主要任务\s+对应项目\s+项目下达金额\s+项目执行率").ShouldBeTrue(text);
        Regex.IsMatch(text, @"年度主要任务1\s+河道整治\s+12\.50\s+96%").ShouldBeTrue();
        Regex.IsMatch(text, @"年度主要任务2\s+水质监测\s+3\.1\s+100%").ShouldBeTrue();
        text.ShouldNotContain("年度主要任务1：对应项目");
        text.IndexOf("部门（单位）名称", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("年度主要任务1", StringComparison.Ordinal));
        text.IndexOf("河道巡查次数", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("总评价得分", StringComparison.Ordinal));
    }

    [Fact]
    public void NarrativeIsReadAsMarkdownListsTablesAndEmphasisWithoutMarks()
    {
        var text = Pdf.ToText(Export());

        text.ShouldContain("负责水资源保护。");
        text.ShouldNotContain("**");
        text.ShouldContain("• 第一项职责");
        Regex.IsMatch(text, @"单位\s+人数").ShouldBeTrue();
        Regex.IsMatch(text, @"本级\s+12").ShouldBeTrue();
        text.ShouldNotContain("| --- |");
    }

    [Fact]
    public void PdfIsTaggedWithHeadingsParagraphsAndTables()
    {
        var pdf = Export();
        var raw = Pdf.Syntax(pdf);

        Pdf.Info(pdf).ShouldContain("Tagged:          yes");
        raw.ShouldContain("/StructTreeRoot");
        raw.ShouldContain("/MarkInfo");
        foreach (var tag in new[] { "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/L", "/LI", "/TOC", "/TOCI" })
        {
            Regex.IsMatch(raw, @"/S\s*" + Regex.Escape(tag) + @"\b").ShouldBeTrue($"structure element {tag}");
        }

        Regex.IsMatch(raw, @"/Lang\s*\(zh-CN\)").ShouldBeTrue();

        // Poppler reads the tree back with each element's text: the table's title as a heading, a figure in a cell.
        var tree = Pdf.Structure(pdf);
        Regex.IsMatch(tree, @"H2 \(block\)\s+""[^""]*政府性基金预算财政拨款支出决算表").ShouldBeTrue(tree[..Math.Min(tree.Length, 3000)]);
        Regex.IsMatch(tree, @"TD\s+""12\.50""").ShouldBeTrue();
    }

    [Fact]
    public void CachedGlyphWidthsAddUpToWhatPdfSharpMeasures()
    {
        _ = Pdf.Exporter.Value;
        var font = new XFont("PortalSans", 8.5, XFontStyleEx.Regular, new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
        using var measure = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
        foreach (var text in new[] { "2101501 行政运行", "社会保障和就业支出", "1,234,567.89", "（空表）Abc" })
        {
            PdfTextMetrics.Width(text, new PdfTextFont(8.5)).ShouldBe(measure.MeasureString(text, font).Width, 0.001, text);
        }
    }
}
