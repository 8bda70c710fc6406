using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Exports;

public sealed class PdfExporterTests
{
    /// <summary>A synthetic table of many rows under a two-level header.</summary>
    public static DisclosureDocument LongTable(int rows)
    {
        var table = TableBuilder.Classified("表10", "functional", "支出功能分类预算表", ("total", "总计"))
            .WithGroup("本年收入", ("basic", "基本支出"), ("project", "项目支出"));
        for (var i = 1; i <= rows; i++)
        {
            table.WithCodedRow((2080000 + i).ToString(CultureInfo.InvariantCulture), $"第{i}行科目", 1000m + i + 0.25m, i + 0.25m, 1000m);
        }

        return DisclosureBuilder.ForDepartment("合成局").ForYear(2023)
            .WithSlug("synthetic-2023-budget").WithTitle("合成局2023年度部门预算").WithTable(table.Build()).Document();
    }

    [Fact]
    public void LongTableContinuesOnNextPagesWithTheHeaderRepeated()
    {
        using var stream = new MemoryStream();
        Pdf.Exporter.Value.WriteTable(LongTable(500), 0, stream);

        var pages = Pdf.ToText(stream.ToArray()).Split('\f', StringSplitOptions.RemoveEmptyEntries);

        pages.Length.ShouldBeGreaterThan(5);
        foreach (var page in pages)
        {
            page.ShouldContain("科目编码");
            page.ShouldContain("本年收入");
            page.ShouldContain("项目支出");
            page.ShouldContain($"共 {pages.Length} 页");
        }

        pages[1].ShouldContain("支出功能分类预算表（续）");
        var text = string.Join("\n", pages);
        text.ShouldContain("1,500.25");
        text.IndexOf("2080001", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("2080500", StringComparison.Ordinal));
    }

    [Fact]
    public void PdfCarriesTitleAndAuthorMetadata()
    {
        using var stream = new MemoryStream();
        Pdf.Exporter.Value.WriteDisclosure(LongTable(3), stream);

        var info = Pdf.Info(stream.ToArray());

        info.ShouldContain("合成局2023年度部门预算");
        info.ShouldContain("Author:          合成局");
        info.ShouldContain("(A4)");
    }

    [Fact]
    public void FontIsEmbeddedAsASubsetSoTheFileStaysSmall()
    {
        using var stream = new MemoryStream();
        Pdf.Exporter.Value.WriteTable(LongTable(20), 0, stream);

        stream.Length.ShouldBeLessThan(400_000);
    }
}
