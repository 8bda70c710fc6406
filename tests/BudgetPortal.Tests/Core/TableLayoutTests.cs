using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;

namespace BudgetPortal.Tests.Core;

public sealed class TableLayoutTests
{
    private static TableDocument Table(params RowDocument[] rows) => new()
    {
        Number = "表10",
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
                    new ColumnNode { Key = "current", Title = "合计", Type = ColumnTypes.Amount },
                    new ColumnNode
                    {
                        Title = "其中",
                        Children =
                        [
                            new ColumnNode { Key = "gpb", Title = "一般公共预算", Type = ColumnTypes.Amount },
                            new ColumnNode { Key = "fund", Title = "政府性基金预算", Type = ColumnTypes.Amount },
                        ],
                    },
                ],
            },
        ],
        Rows = rows.ToList(),
        EmptyNote = "如此表为空表，则表示部门无此项支出。",
    };

    private static RowDocument Row(int level, string? code, string name, params decimal?[] amounts) => new()
    {
        Level = level,
        Cells = [CellValue.Of(code), CellValue.Of(name), .. amounts.Select(a => a is { } v ? CellValue.Of(v) : CellValue.Blank)],
    };

    [Fact]
    public void HeaderSpansFollowTheColumnTree()
    {
        var layout = TableLayout.From(Table(), "某局");

        layout.HeaderRows.Count.ShouldBe(3);
        layout.HeaderRows[0].Select(h => (h.Text, h.ColSpan, h.RowSpan))
            .ShouldBe([("科目编码", 1, 3), ("科目名称", 1, 3), ("总计", 1, 3), ("本年收入", 3, 1)]);
        layout.HeaderRows[1].Select(h => (h.Text, h.ColSpan, h.RowSpan)).ShouldBe([("合计", 1, 2), ("其中", 2, 1)]);
        layout.HeaderRows[2].Select(h => h.Text).ShouldBe(["一般公共预算", "政府性基金预算"]);
    }

    [Fact]
    public void AmountsGetThousandsSeparatorsAndBlankStaysBlank()
    {
        var layout = TableLayout.From(Table(Row(1, "210", "卫生健康支出", 12462.52m, 12437.2m, 0m, null)), "某局");

        layout.Rows[0].Cells.Select(c => c.Text).ShouldBe(["210", "卫生健康支出", "12,462.52", "12,437.20", "0.00", ""]);
        layout.Rows[0].Cells[5].IsBlank.ShouldBeTrue();
        layout.Rows[0].Cells[4].IsBlank.ShouldBeFalse();
    }

    [Fact]
    public void AmountWithMoreDecimalsThanTheTableKeepsThem()
    {
        var layout = TableLayout.From(Table(Row(1, "210", "卫生健康支出", 47.004037m, null, null, null)), "某局");

        layout.Rows[0].Cells[2].Text.ShouldBe("47.004037");
    }

    [Fact]
    public void NamesAreIndentedByLevel()
    {
        var layout = TableLayout.From(Table(Row(1, "208", "类", 1m, null, null, null), Row(3, "2080505", "项", 1m, null, null, null)), "某局");

        layout.NameColumn.ShouldBe(1);
        layout.Rows.Select(r => r.Cells[1].Indent).ShouldBe([0, 2]);
    }

    [Fact]
    public void EmptyTableShowsItsNoteAndTableWithDataDoesNot()
    {
        var empty = TableLayout.From(Table(new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Blank, CellValue.Of("合计"), CellValue.Blank, CellValue.Blank, CellValue.Blank, CellValue.Blank] }), "某局");
        var full = TableLayout.From(Table(Row(1, "208", "类", 0.00m, null, null, null)), "某局");

        empty.EmptyNote.ShouldBe("如此表为空表，则表示部门无此项支出。");
        full.EmptyNote.ShouldBeNull();
    }

    [Fact]
    public void HeadingLinesCarryDepartmentAndUnit()
    {
        var layout = TableLayout.From(Table(), "辽宁省医疗保障局");

        layout.DepartmentLine.ShouldBe("部门名称：辽宁省医疗保障局");
        layout.UnitLine.ShouldBe("单位：万元");
    }
}
