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
    private static readonly string[] Headers = ["级别", "问题", "规则编号", "规则说明", "位置", "应为", "实为", "差额", "允许尾差", "单位", "说明", "链接"];

    public static void WriteCsv(string title, IReadOnlyList<ReportLine> lines, Stream output)
    {
        using var csv = new OpenDataCsv(output);
        csv.Text(title);
        csv.EndRow();
        foreach (var header in Headers)
        {
            csv.Text(header);
        }

        csv.EndRow();
        foreach (var line in lines)
        {
            csv.Text(line.Level);
            csv.Text(line.Title);
            csv.Code(line.Rule);
            csv.Text(line.Description);
            csv.Text(line.Place);
            csv.Number(line.Expected);
            csv.Number(line.Actual);
            csv.Number(line.Difference);
            csv.Number(line.Tolerance);
            csv.Text(line.Unit);
            csv.Text(line.Message);
            csv.Text(line.Link);
            csv.EndRow();
        }
    }

    public static void WriteXlsx(string title, IReadOnlyList<ReportLine> lines, Stream output)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("检查结果");
        sheet.Cell(1, 1).SetValue(title).Style.Font.SetBold().Font.SetFontSize(13);
        for (var c = 0; c < Headers.Length; c++)
        {
            sheet.Cell(3, c + 1).SetValue(Headers[c]).Style.Font.SetBold();
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var row = i + 4;
            sheet.Cell(row, 1).SetValue(line.Level);
            sheet.Cell(row, 2).SetValue(line.Title);
            sheet.Cell(row, 3).SetValue(line.Rule);
            sheet.Cell(row, 4).SetValue(line.Description);
            sheet.Cell(row, 5).SetValue(line.Place);
            Amount(sheet.Cell(row, 6), line.Expected);
            Amount(sheet.Cell(row, 7), line.Actual);
            Amount(sheet.Cell(row, 8), line.Difference);
            Amount(sheet.Cell(row, 9), line.Tolerance);
            sheet.Cell(row, 10).SetValue(line.Unit ?? "");
            sheet.Cell(row, 11).SetValue(line.Message ?? "");
            if (line.Link is { } link)
            {
                sheet.Cell(row, 12).SetValue(link);
                if (Uri.TryCreate(link, UriKind.Absolute, out var uri))
                {
                    sheet.Cell(row, 12).Hyperlink = new XLHyperlink(uri);
                }
            }
        }

        sheet.SheetView.FreezeRows(3);
        sheet.Range(3, 1, Math.Max(3, lines.Count + 3), Headers.Length).SetAutoFilter();
        sheet.Column(2).Width = 30;
        sheet.Column(5).Width = 36;
        sheet.Column(11).Width = 60;
        workbook.SaveAs(output);
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
