using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Exports;

public sealed class PdfExporterTests
{
    /// <summary>A synthetic table of many rows under a two-level header.</summary>
    public static DisclosureDocument LongTable(int rows) => RowIdentity.Apply(new DisclosureDocument
    {
        Slug = "synthetic-2023-budget",
        Title = "合成局2023年度部门预算",
        Region = ["辽宁省"],
        Department = new DepartmentInfo { Name = "合成局" },
        Year = 2023,
        Kind = "budget",
        Tables =
        [
            new TableDocument
            {
                Number = "表10",
                Code = "functional",
                Title = "支出功能分类预算表",
                Unit = "万元",
                Columns =
                [
                    new ColumnNode { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
                    new ColumnNode { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
                    new ColumnNode { Key = "total", Title = "总计", Type = ColumnTypes.Amount },
                    new ColumnNode
                    {
                        Title = "本年收入",
                        Children =
                        [
                            new ColumnNode { Key = "basic", Title = "基本支出", Type = ColumnTypes.Amount },
                            new ColumnNode { Key = "project", Title = "项目支出", Type = ColumnTypes.Amount },
                        ],
                    },
                ],
                Rows = Enumerable.Range(1, rows).Select(i => new RowDocument
                {
                    Level = 3,
                    Cells =
                    [
                        CellValue.Of((2080000 + i).ToString(CultureInfo.InvariantCulture)),
                        CellValue.Of($"第{i}行科目"),
                        CellValue.Of(1000m + i + 0.25m),
                        CellValue.Of(i + 0.25m),
                        CellValue.Of(1000m),
                    ],
                }).ToList(),
            },
        ],
    });

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
