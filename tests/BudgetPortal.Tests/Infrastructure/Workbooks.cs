using BudgetPortal.Core.Documents;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>Reads a table sheet written by the Excel exporter back into cell values.</summary>
public static class Workbooks
{
    /// <summary>The body rows of a table sheet: the rows below the header grid, one value per leaf column.</summary>
    public static List<List<CellValue>> ReadBody(IXLWorksheet sheet, TableDocument table)
    {
        var leaves = table.Leaves();
        var headerDepth = ColumnNode.Depth(table.Columns);
        // The form's lines above the grid: one row a line, a header row plus one row a task for a task grid.
        var formRows = BudgetPortal.Core.Layout.TableLayout.From(table, "").FormBefore
            .Sum(item => item is BudgetPortal.Core.Layout.FormGrid grid ? 1 + grid.Rows.Count : 1);
        var first = BudgetPortal.Core.Exports.ExcelExporter.HeadingRows + 1 + formRows + headerDepth;
        var rows = new List<List<CellValue>>();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var values = new List<CellValue>();
            for (var c = 0; c < leaves.Count; c++)
            {
                var cell = sheet.Cell(first + r, c + 1);
                values.Add(cell.IsEmpty() ? CellValue.Blank
                    : cell.DataType == XLDataType.Number ? CellValue.Of(cell.GetValue<decimal>())
                    : CellValue.Of(cell.GetString()));
            }

            rows.Add(values);
        }

        return rows;
    }
}
