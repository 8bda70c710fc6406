using System.Globalization;
using ClosedXML.Excel;

namespace BudgetPortal.Core.Exports;

/// <summary>One line of a check report as people read it: its level, plain title, rule id, place and figures.</summary>
public sealed record ReportLine(
    string Level, string Title, string Rule, string Description, string Place, decimal? Expected, decimal? Actual,
    decimal? Difference, decimal? Tolerance, string? Unit, string? Message, string? Link);

/// <summary>
/// A check report as CSV (the open-data writer: UTF-8 with BOM, RFC 4180, formulas neutralised) and as an Excel
/// workbook, one line per finding, so that a department can sort, filter and work through it.
/// </summary>
public static class CheckReportExporter
{
    private enum Kind { Text, Code, Amount, Link }

    /// <summary>The report's columns, once: the CSV and the workbook both write exactly these, in this order.</summary>
    private static readonly (string Header, Kind Kind, Func<ReportLine, object?> Value)[] Columns =
    [
        ("级别", Kind.Text, l => l.Level),
        ("问题", Kind.Text, l => l.Title),
        ("规则编号", Kind.Code, l => l.Rule),
        ("规则说明", Kind.Text, l => l.Description),
        ("位置", Kind.Text, l => l.Place),
        ("应为", Kind.Amount, l => l.Expected),
        ("实为", Kind.Amount, l => l.Actual),
        ("差额", Kind.Amount, l => l.Difference),
        ("允许尾差", Kind.Amount, l => l.Tolerance),
        ("单位", Kind.Text, l => l.Unit),
        ("说明", Kind.Text, l => l.Message),
        ("链接", Kind.Link, l => l.Link),
    ];

    public static void WriteCsv(string title, IReadOnlyList<ReportLine> lines, Stream output)
    {
        using var csv = new OpenDataCsv(output);
        csv.Text(title);
        csv.EndRow();
        foreach (var column in Columns)
        {
            csv.Text(column.Header);
        }

        csv.EndRow();
        foreach (var line in lines)
        {
            foreach (var (_, kind, value) in Columns)
            {
                switch (kind)
                {
                    case Kind.Amount:
                        csv.Number((decimal?)value(line));
                        break;
                    case Kind.Code:
                        csv.Code((string?)value(line));
                        break;
                    default:
                        csv.Text((string?)value(line));
                        break;
                }
            }

            csv.EndRow();
        }
    }

    public static void WriteXlsx(string title, IReadOnlyList<ReportLine> lines, Stream output)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("检查结果");
        sheet.Cell(1, 1).SetValue(title).Style.Font.SetBold().Font.SetFontSize(13);
        for (var c = 0; c < Columns.Length; c++)
        {
            sheet.Cell(3, c + 1).SetValue(Columns[c].Header).Style.Font.SetBold();
        }

        for (var i = 0; i < lines.Count; i++)
        {
            for (var c = 0; c < Columns.Length; c++)
            {
                var cell = sheet.Cell(i + 4, c + 1);
                var value = Columns[c].Value(lines[i]);
                switch (Columns[c].Kind)
                {
                    case Kind.Amount:
                        Amount(cell, (decimal?)value);
                        break;
                    case Kind.Link when value is string link:
                        cell.SetValue(link);
                        if (Uri.TryCreate(link, UriKind.Absolute, out var uri))
                        {
                            cell.Hyperlink = new XLHyperlink(uri);
                        }

                        break;
                    case Kind.Link:
                        break;
                    default:
                        cell.SetValue((string?)value ?? "");
                        break;
                }
            }
        }

        sheet.SheetView.FreezeRows(3);
        sheet.Range(3, 1, Math.Max(3, lines.Count + 3), Columns.Length).SetAutoFilter();
        sheet.Column(2).Width = 30;
        sheet.Column(5).Width = 36;
        sheet.Column(11).Width = 60;
        // No date of its own: the same findings are the same bytes (its ETag is strong like every public download's).
        ReproducibleFiles.SaveWorkbook(workbook, output, null);
    }

    private static void Amount(IXLCell cell, decimal? value)
    {
        if (value is { } v)
        {
            cell.SetValue(v);
            cell.Style.NumberFormat.Format = "#,##0.00######";
        }
    }

    /// <summary>A finding's figures as text (the HTML report's columns).</summary>
    public static string Figure(decimal? value) => value is { } x ? x.ToString("#,##0.00######", CultureInfo.InvariantCulture) : "";
}
