using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// One table as CSV for open data (RFC 4180): UTF-8 with a byte-order mark (so that Excel opens Chinese correctly), one
/// header line with each leaf column's full path ("本年收入/一般公共预算"), an amount column's path ending in the table's
/// unit in full-width brackets ("本年收入/一般公共预算（元）", docs/decisions/0140), then the rows. Amounts are plain decimals
/// printed as the table prints them (the table's decimals, no thousands separators: 29.00, never 29.0); 栏次 are labels;
/// codes (功能/经济分类, 单位代码, 项目代码) are text written exactly as stored and always quoted, so that a CSV reader gives
/// back "08" and a 20-digit project code unchanged (the Fiscal Data Package beside it declares them as strings). The
/// department, year, kind, version, table and unit of the file are in that package (<see cref="FiscalDataPackage"/>).
/// </summary>
public static class CsvExporter
{
    public static void WriteTable(TableDocument table, Stream output)
    {
        using var csv = new OpenDataCsv(output);
        var leaves = table.Leaves();
        foreach (var header in Headers(table))
        {
            csv.Text(header);
        }

        csv.EndRow();
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < leaves.Count; c++)
            {
                var cell = c < row.Cells.Count ? row.Cells[c] : CellValue.Blank;
                if (row.Role == RowRoles.ColumnNumbers)
                {
                    csv.Text(Layout.TableLayout.ColumnNumber(cell));
                }
                else if (IsCode(leaves[c]))
                {
                    csv.Code(cell.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : cell.Text);
                }
                else if (cell.Number is { } number)
                {
                    csv.Text(Printed(number, leaves[c], table.Decimals));
                }
                else
                {
                    csv.Text(cell.Text);
                }
            }

            csv.EndRow();
        }
    }

    /// <summary>The header of each leaf column, as the CSV's first line writes it (the Fiscal Data Package's field names).</summary>
    public static IReadOnlyList<string> Headers(TableDocument table)
    {
        var unit = AmountUnit.Parse(table.Unit);
        return LeafPaths(table.Columns, "").Zip(table.Leaves())
            .Select(x => unit is not null && x.Second.Type == ColumnTypes.Amount ? $"{x.First}（{unit.Name}）" : x.First)
            .ToList();
    }

    /// <summary>A column of codes: a classification, unit or project code column, or any column of type code.</summary>
    public static bool IsCode(ColumnNode leaf) => leaf.Type == ColumnTypes.Code || leaf.Role is ColumnRoles.Code;

    /// <summary>A number as the table prints it, without thousands separators: amounts with the table's decimals.</summary>
    public static string Printed(decimal number, ColumnNode leaf, int decimals) => leaf.Type switch
    {
        ColumnTypes.Amount => number.ToString("F" + Math.Max(decimals, Layout.TableLayout.Scale(number)), CultureInfo.InvariantCulture),
        _ => number.ToString(CultureInfo.InvariantCulture),
    };

    private static IEnumerable<string> LeafPaths(IEnumerable<ColumnNode> nodes, string prefix) =>
        nodes.SelectMany(n => n.IsLeaf ? [prefix + n.Title] : LeafPaths(n.Children!, prefix + n.Title + "/"));
}

/// <summary>
/// Every CSV the portal writes goes through this writer: UTF-8 with a byte-order mark, numbers as invariant plain
/// decimals, and text neutralised against formula injection (OWASP "CSV Injection"): a text cell that a spreadsheet
/// would read as a formula — beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return — gets a
/// leading single quote. Amounts are numbers, never neutralised: <c>-12.50</c> stays a negative number.
/// </summary>
public sealed partial class OpenDataCsv : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly CsvHelper.CsvWriter _csv;

    public OpenDataCsv(Stream output)
    {
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        _csv = new CsvHelper.CsvWriter(_writer, CultureInfo.InvariantCulture);
    }

    /// <summary>A text field (a name, a title, a date written as text); null is an empty field.</summary>
    public void Text(string? value) => _csv.WriteField(Neutralise(value));

    /// <summary>A code: always quoted, so that the field is text for readers that type unquoted digits as numbers.</summary>
    public void Code(string? value) => _csv.WriteField(Neutralise(value), shouldQuote: true);

    /// <summary>A number; null (a blank cell) is an empty field. <paramref name="format"/> as in decimal.ToString.</summary>
    public void Number(decimal? value, string? format = null) =>
        _csv.WriteField(value?.ToString(format, CultureInfo.InvariantCulture) ?? "");

    public void EndRow() => _csv.NextRecord();

    /// <summary>
    /// The text as a spreadsheet should show it, never as a formula. Text that is itself a plain number ("-5",
    /// "+3.2%") or only dashes (the "-" printed for "none") cannot run anything and is kept as it is.
    /// </summary>
    public static string Neutralise(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r'))
        {
            return text ?? "";
        }

        return PlainNumber().IsMatch(text) || text.All(c => c == '-') ? text : "'" + text;
    }

    public void Dispose()
    {
        _csv.Dispose();
        _writer.Dispose();
    }

    [GeneratedRegex(@"^[+-]?[0-9]+(,[0-9]{3})*(\.[0-9]+)?%?$")]
    private static partial Regex PlainNumber();
}
