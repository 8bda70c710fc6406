using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core;

public sealed class TableLayoutTests
{
    /// <summary>An expenditure table under a three-level header (本年收入 / 其中 / …), with its empty-table note.</summary>
    private static TableBuilder Table() =>
        TableBuilder.Classified("表10", "functional", "支出功能分类预算表", ("total", "总计"))
            .WithGroup("本年收入", TableBuilder.Amount("current", "合计"), TableBuilder.Group("其中", TableBuilder.Amount("gpb", "一般公共预算"), TableBuilder.Amount("fund", "政府性基金预算")))
            .WithEmptyNote("如此表为空表，则表示部门无此项支出。");

    [Fact]
    public void HeaderSpansFollowTheColumnTree()
    {
        var layout = TableLayout.From(Table().Build(), "某局");

        layout.HeaderRows.Count.ShouldBe(3);
        layout.HeaderRows[0].Select(h => (h.Text, h.ColSpan, h.RowSpan))
            .ShouldBe([("科目编码", 1, 3), ("科目名称", 1, 3), ("总计", 1, 3), ("本年收入", 3, 1)]);
        layout.HeaderRows[1].Select(h => (h.Text, h.ColSpan, h.RowSpan)).ShouldBe([("合计", 1, 2), ("其中", 2, 1)]);
        layout.HeaderRows[2].Select(h => h.Text).ShouldBe(["一般公共预算", "政府性基金预算"]);
    }

    [Fact]
    public void AmountsGetThousandsSeparatorsAndBlankStaysBlank()
    {
        var layout = TableLayout.From(Table().WithCodedRow("210", "卫生健康支出", 12462.52m, 12437.2m, 0m, null).Build(), "某局");

        layout.Rows[0].Cells.Select(c => c.Text).ShouldBe(["210", "卫生健康支出", "12,462.52", "12,437.20", "0.00", ""]);
        layout.Rows[0].Cells[5].IsBlank.ShouldBeTrue();
        layout.Rows[0].Cells[4].IsBlank.ShouldBeFalse();
    }

    [Fact]
    public void AmountWithMoreDecimalsThanTheTableKeepsThem()
    {
        var layout = TableLayout.From(Table().WithCodedRow("210", "卫生健康支出", 47.004037m, null, null, null).Build(), "某局");

        layout.Rows[0].Cells[2].Text.ShouldBe("47.004037");
    }

    [Fact]
    public void NamesAreIndentedByLevel()
    {
        var layout = TableLayout.From(Table().WithCodedRow("208", "类", 1m, null, null, null).WithCodedRow("2080505", "项", 1m, null, null, null).Build(), "某局");

        layout.NameColumn.ShouldBe(1);
        layout.Rows.Select(r => r.Cells[1].Indent).ShouldBe([0, 2]);
    }

    [Fact]
    public void EmptyTableShowsItsNoteAndTableWithDataDoesNot()
    {
        var empty = TableLayout.From(Table().WithTotal(null, null, null, null).Build(), "某局");
        var full = TableLayout.From(Table().WithCodedRow("208", "类", 0.00m, null, null, null).Build(), "某局");

        empty.EmptyNote.ShouldBe("如此表为空表，则表示部门无此项支出。");
        full.EmptyNote.ShouldBeNull();
    }

    [Fact]
    public void HeadingLinesCarryDepartmentAndUnit()
    {
        var layout = TableLayout.From(Table().Build(), "某县水务局");

        layout.DepartmentLine.ShouldBe("部门名称：某县水务局");
        layout.UnitLine.ShouldBe("单位：万元");
    }
}
