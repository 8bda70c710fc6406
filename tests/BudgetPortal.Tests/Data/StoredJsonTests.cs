using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;

namespace BudgetPortal.Tests.Data;

/// <summary>The compact stored form of header trees and cells (decision 0361): exact both ways, blank ≠ 0, scale kept.</summary>
public sealed class StoredJsonTests
{
    [Fact]
    public void CellsKeepBlanksZerosScaleAndTextPositionally()
    {
        List<TableCell> cells =
        [
            new() { ColumnIndex = 1, Text = "2089901" },
            new() { ColumnIndex = 2, Text = "其他\"社会\"保障，含换行\n与反斜杠\\" },
            new() { ColumnIndex = 4, Amount = 0.00m },
            new() { ColumnIndex = 5, Amount = 0m },
            new() { ColumnIndex = 6, Amount = 47.004037m },
            new() { ColumnIndex = 8, Amount = -1234567890123.5m },
        ];

        var json = StoredJson.Cells(cells);
        var back = StoredJson.ParseCells(json);

        json.ShouldStartWith("[null,\"2089901\"");
        back.Select(c => (c.ColumnIndex, c.Amount, c.Text)).ShouldBe(cells.Select(c => (c.ColumnIndex, c.Amount, c.Text)));
        back.Select(c => c.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([null, null, "0.00", "0", "47.004037", "-1234567890123.5"]);
        StoredJson.Cells([]).ShouldBe("[]");
        StoredJson.ParseCells("[]").ShouldBeEmpty();
        StoredJson.ParseCells("[null, 1.10, \"x\", null]").Select(c => (c.ColumnIndex, c.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Text))
            .ShouldBe([(1, "1.10", null), (2, null, "x")]);
    }

    [Fact]
    public void ColumnsKeepTheHeaderTree()
    {
        List<TableColumn> columns =
        [
            new() { Ordinal = 1, Title = "项目" },
            new() { Ordinal = 2, ParentOrdinal = 1, Title = "科目编码", Key = "code", Type = "code", Role = "code", LeafIndex = 0 },
            new() { Ordinal = 3, Title = "合计", Key = "total", Type = "amount", LeafIndex = 1 },
            new() { Ordinal = 4, Title = "上年数", Key = "prior_year", Type = "amount", LeafIndex = 2, PriorYearOf = "total" },
        ];

        var back = StoredJson.ParseColumns(StoredJson.Columns(columns));

        back.Select(c => (c.Ordinal, c.ParentOrdinal, c.Title, c.Key, c.Type, c.Role, c.LeafIndex, c.PriorYearOf))
            .ShouldBe(columns.Select(c => (c.Ordinal, c.ParentOrdinal, c.Title, c.Key, c.Type, c.Role, c.LeafIndex, c.PriorYearOf)));
        StoredJson.ParseColumns("""[{"o": 1, "p": null, "t": "合计", "l": 0}]""").Single().ParentOrdinal.ShouldBeNull();
    }
}
