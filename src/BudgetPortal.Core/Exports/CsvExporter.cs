using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// One table as CSV for open data: UTF-8 with a byte-order mark (so that Excel opens Chinese correctly), one header
/// line with each leaf column's full path ("本年收入/一般公共预算"), an amount column's path ending in the table's unit in
/// full-width brackets ("本年收入/一般公共预算（元）", docs/decisions/0140), then the rows with plain numbers (no thousands
/// separators) and empty fields for blank cells. Text goes through <see cref="OpenDataCsv"/>, which neutralises formulas.
/// </summary>
public static class CsvExporter
{
    public static void WriteTable(TableDocument table, Stream output)
    {
        using var csv = new OpenDataCsv(output);
        var unit = AmountUnit.Parse(table.Unit);
        foreach (var (path, leaf) in LeafPaths(table.Columns, "").Zip(table.Leaves()))
        {
            csv.Text(unit is not null && leaf.Type == ColumnTypes.Amount ? $"{path}（{unit.Name}）" : path);
        }

        csv.EndRow();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row.Cells)
            {
                if (cell.Number is { } number)
                {
                    csv.Number(number);
                }
                else
                {
                    csv.Text(cell.Text);
                }
            }

            csv.EndRow();
        }
    }

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

    /// <summary>A text field (a name, a title, a code, a date written as text); null is an empty field.</summary>
    public void Text(string? value) => _csv.WriteField(Neutralise(value));

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
