using System.Globalization;
using System.Text;
using BudgetPortal.Core.Documents;
using CsvHelper;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// One table as CSV for open data: UTF-8 with a byte-order mark (so that Excel opens Chinese correctly), one header
/// line with each leaf column's full path ("本年收入/一般公共预算"), an amount column's path ending in the table's unit in
/// full-width brackets ("本年收入/一般公共预算（元）", docs/decisions/0140), then the rows with plain numbers (no thousands
/// separators) and empty fields for blank cells.
/// </summary>
public static class CsvExporter
{
    public static void WriteTable(TableDocument table, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        using var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture);
        var unit = AmountUnit.Parse(table.Unit);
        foreach (var (path, leaf) in LeafPaths(table.Columns, "").Zip(table.Leaves()))
        {
            csv.WriteField(unit is not null && leaf.Type == ColumnTypes.Amount ? $"{path}（{unit.Name}）" : path);
        }

        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row.Cells)
            {
                csv.WriteField(cell.Number?.ToString(CultureInfo.InvariantCulture) ?? cell.Text ?? "");
            }

            csv.NextRecord();
        }
    }

    private static IEnumerable<string> LeafPaths(IEnumerable<ColumnNode> nodes, string prefix) =>
        nodes.SelectMany(n => n.IsLeaf ? [prefix + n.Title] : LeafPaths(n.Children!, prefix + n.Title + "/"));
}
