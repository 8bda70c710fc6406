using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Layout;
using ClosedXML.Excel;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// Renders a disclosure (a contents sheet plus one sheet per table) or a single table as an Excel workbook from the
/// same <see cref="TableLayout"/> as the page and the PDF: merged multi-level header, amounts stored as numbers with
/// #,##0.00 (blank stays blank), frozen header, A4 landscape print setup fitted to width with the header repeated.
/// Column widths are computed here because ClosedXML's auto-fit needs GDI+, which Linux lacks.
/// </summary>
public static class ExcelExporter
{
    /// <summary>Rows above the header grid on every table sheet: title, then the department and unit line.</summary>
    public const int HeadingRows = 2;

    public static void WriteDisclosure(DisclosureDocument document, Stream output)
    {
        using var workbook = new XLWorkbook();
        var contents = workbook.Worksheets.Add("目录");
        contents.Cell(1, 1).SetValue(document.Title).Style.Font.SetBold().Font.SetFontSize(14);
        contents.Cell(2, 1).SetValue($"{string.Join("", document.Region)} · {document.Year} 年度{DisclosureKinds.ToChinese(document.Kind)}" + (document.Version is { } v ? $" · 第 {v} 版" : ""));
        contents.Cell(4, 1).SetValue("表号");
        contents.Cell(4, 2).SetValue("表名");
        contents.Cell(4, 3).SetValue("工作表");
        contents.Range(4, 1, 4, 3).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromArgb(245, 247, 250));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "目录" };
        for (var i = 0; i < document.Tables.Count; i++)
        {
            var table = document.Tables[i];
            var sheetName = SheetName(table, names);
            var sheet = workbook.Worksheets.Add(sheetName);
            WriteTable(sheet, TableLayout.For(document, table));
            var row = 5 + i;
            Text(contents.Cell(row, 1), table.Number);
            Text(contents.Cell(row, 2), table.Title + (table.Missing ? "（公开文本缺失）" : table.HasNoData() ? TableLayout.EmptyMark : ""));
            Text(contents.Cell(row, 3), sheetName);
            contents.Cell(row, 3).Hyperlink = new XLHyperlink($"'{sheetName}'!A1");
        }

        contents.Column(1).Width = 12;
        contents.Column(2).Width = 50;
        contents.Column(3).Width = 34;
        ReproducibleFiles.SaveWorkbook(workbook, output, ReproducibleFiles.DateOf(document));
    }

    public static void WriteTable(DisclosureDocument document, int tableIndex, Stream output)
    {
        using var workbook = new XLWorkbook();
        var table = document.Tables[tableIndex];
        WriteTable(workbook.Worksheets.Add(SheetName(table, [])), TableLayout.For(document, table));
        ReproducibleFiles.SaveWorkbook(workbook, output, ReproducibleFiles.DateOf(document));
    }

    /// <summary>
    /// "表3 支出预算总表" cut to Excel's 31 characters, without the characters Excel forbids, unique; a cut never leaves a
    /// bracket open ("…（政府经济分类" becomes "…"), so a sheet tab does not read as a misprint.
    /// </summary>
    public static string SheetName(TableDocument table, HashSet<string> taken)
    {
        var raw = $"{table.Number} {table.Title}";
        var clean = new string(raw.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? '_' : c).ToArray()).Trim('\'');
        var name = Cut(clean, 31);
        for (var n = 2; taken.Contains(name); n++)
        {
            var suffix = $"({n})";
            name = Cut(clean, 31 - suffix.Length) + suffix;
        }

        taken.Add(name);
        return name;
    }

    private static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text[..length];
        foreach (var (open, close) in new[] { ('（', '）'), ('(', ')'), ('“', '”') })
        {
            var last = cut.LastIndexOf(open);
            if (last > 0 && cut.LastIndexOf(close) < last)
            {
                cut = cut[..last];
            }
        }

        return cut.TrimEnd();
    }

    private static void Text(IXLCell cell, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        // Codes such as 2080505 or 073001 stay text (leading zeros, no scientific notation).
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
    }

    private static void WriteTable(IXLWorksheet sheet, TableLayout layout)
    {
        var columns = Math.Max(2, layout.Leaves.Count);
        sheet.Cell(1, 1).SetValue($"{layout.Number}  {layout.Title}" + (layout.IsEmpty ? TableLayout.EmptyMark : ""));
        sheet.Range(1, 1, 1, columns).Merge().Style.Font.SetBold().Font.SetFontSize(14).Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        Text(sheet.Cell(2, 1), layout.DepartmentLine);
        if (layout.YearLine is not null && columns >= 3)
        {
            Text(sheet.Cell(2, (columns + 1) / 2), layout.YearLine);
            sheet.Cell(2, (columns + 1) / 2).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
        }

        if (layout.UnitLine is not null)
        {
            Text(sheet.Cell(2, columns), layout.UnitLine);
            sheet.Cell(2, columns).Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Right);
        }

        var row = HeadingRows + 1;
        if (layout.Missing)
        {
            Text(sheet.Cell(row, 1), string.Join(" ", layout.Footnotes));
            return;
        }

        row = Form(sheet, layout.FormBefore, row, columns);
        var headerTop = row;
        foreach (var headerRow in layout.HeaderRows)
        {
            foreach (var cell in headerRow)
            {
                var range = sheet.Range(row, cell.FirstLeaf + 1, row + cell.RowSpan - 1, cell.FirstLeaf + cell.ColSpan);
                Text(range.FirstCell(), cell.Text);
                if (cell.RowSpan > 1 || cell.ColSpan > 1)
                {
                    range.Merge();
                }
            }

            row++;
        }

        var header = sheet.Range(headerTop, 1, row - 1, layout.Leaves.Count);
        header.Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromArgb(245, 247, 250))
            .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetVertical(XLAlignmentVerticalValues.Center).Alignment.SetWrapText();
        var bodyTop = row;
        foreach (var bodyRow in layout.Rows)
        {
            for (var c = 0; c < bodyRow.Cells.Count; c++)
            {
                var target = sheet.Cell(row, c + 1);
                var leaf = layout.Leaves[c];
                var value = bodyRow.Source[c];
                if (bodyRow.IsColumnNumbers)
                {
                    // 栏次 are labels: as numbers a column SUM would include them.
                    Text(target, bodyRow.Cells[c].Text);
                    target.Style.Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center);
                }
                else if (value.Number is { } number)
                {
                    target.SetValue(number);
                    target.Style.NumberFormat.Format = leaf.Type switch
                    {
                        ColumnTypes.Amount => TableLayout.Scale(number) > 2 ? "#,##0." + new string('0', TableLayout.Scale(number)) : "#,##0.00",
                        ColumnTypes.Count => "#,##0",
                        _ => "General",
                    };
                }
                else
                {
                    Text(target, value.Text);
                }

                if (bodyRow.Cells[c].Indent > 0)
                {
                    target.Style.Alignment.SetIndent(bodyRow.Cells[c].Indent);
                }
            }

            if (bodyRow.IsTotal)
            {
                sheet.Range(row, 1, row, layout.Leaves.Count).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromArgb(238, 242, 246));
            }

            row++;
        }

        var grid = sheet.Range(headerTop, 1, Math.Max(row - 1, headerTop), layout.Leaves.Count);
        grid.Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
        if (layout.Rows.Count > 0)
        {
            sheet.Range(bodyTop, 1, row - 1, layout.Leaves.Count).Style.Alignment.SetVertical(XLAlignmentVerticalValues.Top).Alignment.SetWrapText();
        }

        if (layout.EmptyNote is not null)
        {
            Text(sheet.Cell(row++, 1), layout.EmptyNote);
        }

        row = Form(sheet, layout.FormAfter, row, columns);
        foreach (var note in layout.Footnotes)
        {
            Text(sheet.Cell(row++, 1), note);
        }

        // The header rows and every column up to the row names (codes and names) stay in view while scrolling.
        if (layout.NameColumn >= 0)
        {
            sheet.SheetView.Freeze(bodyTop - 1, layout.NameColumn + 1);
        }
        else
        {
            sheet.SheetView.FreezeRows(bodyTop - 1);
        }
        SetWidths(sheet, layout);
        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.PageOrientation = layout.Leaves.Count > 6 ? XLPageOrientation.Landscape : XLPageOrientation.Portrait;
        // Fitted to the page width, but never below a readable 60 %: a wide form (绩效自评表, 17 columns) runs onto
        // more pages across, its names repeated at the left, rather than printing in 4-point type.
        var printWidth = Enumerable.Range(1, layout.Leaves.Count).Sum(c => sheet.Column(c).Width);
        var pageWidth = sheet.PageSetup.PageOrientation == XLPageOrientation.Landscape ? 150 : 100;
        if (printWidth * 0.6 <= pageWidth)
        {
            sheet.PageSetup.FitToPages(1, 0);
        }
        else
        {
            sheet.PageSetup.Scale = 60;
            if (layout.NameColumn >= 0)
            {
                sheet.PageSetup.SetColumnsToRepeatAtLeft(1, layout.NameColumn + 1);
            }
        }
        sheet.PageSetup.SetRowsToRepeatAtTop(headerTop, bodyTop - 1);
        sheet.PageSetup.Footer.Center.AddText("第 &P 页 共 &N 页");
        CodeColumnsAsText(sheet, layout);
    }

    /// <summary>
    /// Code columns formatted as text (<c>@</c>) down the whole column, so that a code typed into a new row in Excel or
    /// WPS stays as typed: in a General cell <c>01</c> becomes the number 1 and 2080505 may turn into 2.08E+06.
    /// </summary>
    private static void CodeColumnsAsText(IXLWorksheet sheet, TableLayout layout)
    {
        for (var c = 0; c < layout.Leaves.Count; c++)
        {
            if (layout.Leaves[c].Role is ColumnRoles.Code or ColumnRoles.Unit || layout.Leaves[c].Type == ColumnTypes.Code)
            {
                sheet.Column(c + 1).Style.NumberFormat.Format = "@";
            }
        }
    }

    /// <summary>
    /// A form's lines (label, then the value across the remaining columns) and task grids (a header row, then one row
    /// per task); figures are stored as numbers, printed as the form prints them ("4.56", "100%").
    /// </summary>
    private static int Form(IXLWorksheet sheet, IReadOnlyList<FormItem> items, int row, int columns)
    {
        foreach (var item in items)
        {
            if (item is FormGrid grid)
            {
                var top = row;
                Text(sheet.Cell(row, 1), grid.Title);
                for (var c = 0; c < grid.Columns.Count; c++)
                {
                    Text(sheet.Cell(row, c + 2), grid.Columns[c]);
                }

                sheet.Range(row, 1, row, grid.Columns.Count + 1).Style.Font.SetBold().Fill.SetBackgroundColor(XLColor.FromArgb(245, 247, 250))
                    .Alignment.SetHorizontal(XLAlignmentHorizontalValues.Center).Alignment.SetWrapText();
                row++;
                foreach (var task in grid.Rows)
                {
                    Text(sheet.Cell(row, 1), task.Label);
                    sheet.Cell(row, 1).Style.Font.SetBold();
                    for (var c = 0; c < task.Values.Count; c++)
                    {
                        FormValue(sheet.Cell(row, c + 2), task.Values[c]);
                    }

                    sheet.Range(row, 2, row, grid.Columns.Count + 1).Style.Alignment.SetWrapText().Alignment.SetVertical(XLAlignmentVerticalValues.Top);
                    row++;
                }

                sheet.Range(top, 1, row - 1, grid.Columns.Count + 1).Style.Border.SetOutsideBorder(XLBorderStyleValues.Thin).Border.SetInsideBorder(XLBorderStyleValues.Thin);
                continue;
            }

            var field = ((FormLine)item).Field;
            Text(sheet.Cell(row, 1), field.Label);
            sheet.Cell(row, 1).Style.Font.SetBold().Alignment.SetWrapText().Alignment.SetVertical(XLAlignmentVerticalValues.Top);
            FormValue(sheet.Cell(row, 2), field.Value);
            if (columns > 2)
            {
                sheet.Range(row, 2, row, columns).Merge().Style.Alignment.SetWrapText().Alignment.SetHorizontal(XLAlignmentHorizontalValues.Left);
            }

            // A merged cell does not grow with its text in Excel: give long values the lines they need.
            var lines = Math.Ceiling(DisplayWidth(field.Value ?? "") / Math.Max(20, 10.0 * (columns - 1)));
            if (lines > 1)
            {
                sheet.Row(row).Height = 15 * Math.Min(lines, 12);
            }

            row++;
        }

        return row;
    }

    private static void FormValue(IXLCell cell, string? value)
    {
        if (FormLayout.TryFigure(value, out var number, out var format))
        {
            cell.SetValue(number);
            cell.Style.NumberFormat.Format = format;
        }
        else
        {
            Text(cell, value);
        }
    }

    /// <summary>
    /// What a cell shows (<c>GetFormattedString()</c>) without that call's cost where it is not needed: ClosedXML 0.95
    /// resolves the cell's whole style on every call (~0.2 ms a cell, most of a workbook import's time), and a text cell
    /// without a formula shows exactly its text (checked over every text cell of the reference workbooks:
    /// bench/ImportHarness).
    /// </summary>
    public static string Shown(IXLCell cell) =>
        cell.DataType == XLDataType.Text && !cell.HasFormula ? cell.GetString() : cell.GetFormattedString();

    /// <summary>
    /// A form value as the form prints it: a figure written by <see cref="FormValue"/> comes back with its decimals and
    /// its per-cent sign ("12.50", "96%"); anything else as its text.
    /// </summary>
    public static string FormText(IXLCell cell)
    {
        if (cell.DataType != XLDataType.Number || !cell.TryGetValue<decimal>(out var number))
        {
            return Shown(cell).Trim();
        }

        var format = cell.Style.NumberFormat.Format ?? "";
        var percent = format.EndsWith('%');
        var point = format.IndexOf('.', StringComparison.Ordinal);
        var decimals = point < 0 ? 0 : format.Length - point - 1 - (percent ? 1 : 0);
        var value = percent ? number * 100 : number;
        return format.Length == 0 || format == "General"
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture) + (percent ? "%" : "");
    }

    /// <summary>
    /// Reads back a task grid that <see cref="Form"/> wrote at <paramref name="row"/>: the lines it stands for, with
    /// the sheet row of each, and the grid's last row; null when the row does not start a grid.
    /// </summary>
    public static (List<(FieldLine Line, int Row)> Lines, int LastRow)? ReadFormGrid(IXLWorksheet sheet, int row, int before)
    {
        var title = Shown(sheet.Cell(row, 1)).Trim();
        if (title.Length == 0 || row + 1 >= before || !IsTask(Shown(sheet.Cell(row + 1, 1)).Trim(), title))
        {
            return null;
        }

        var columns = new List<string>();
        for (var c = 2; Shown(sheet.Cell(row, c)).Trim() is { Length: > 0 } column; c++)
        {
            columns.Add(column);
        }

        var lines = new List<(FieldLine, int)>();
        var last = row;
        for (var r = row + 1; r < before && IsTask(Shown(sheet.Cell(r, 1)).Trim(), title); r++)
        {
            var task = Shown(sheet.Cell(r, 1)).Trim();
            for (var c = 0; c < columns.Count; c++)
            {
                var value = FormText(sheet.Cell(r, c + 2));
                if (value.Length > 0)
                {
                    lines.Add((new FieldLine { Label = FormGrid.LabelOf(task, columns[c]), Value = value }, r));
                }
            }

            last = r;
        }

        return (lines, last);

        static bool IsTask(string label, string title) =>
            label.Length > title.Length && label.StartsWith(title, StringComparison.Ordinal) && label[title.Length..].All(char.IsAsciiDigit);
    }

    /// <summary>Width in Excel character units: a CJK character counts as two.</summary>
    public static double DisplayWidth(string text) => text.Sum(c => c > 0x2E7F ? 2.0 : 1.0);

    private static void SetWidths(IXLWorksheet sheet, TableLayout layout)
    {
        for (var c = 0; c < layout.Leaves.Count; c++)
        {
            var leaf = layout.Leaves[c];
            var header = Math.Min(DisplayWidth(leaf.Title), 12);
            var content = layout.Rows.Select(r => DisplayWidth(r.Cells[c].Text) + (2 * r.Cells[c].Indent)).DefaultIfEmpty(0).Max();
            // Text columns of forms (指标, 原因分析) wrap at 24 characters; ordinary name columns at 48.
            var cap = layout.FormBefore.Count > 0 || layout.FormAfter.Count > 0 ? 24 : 48;
            var width = Math.Max(header, leaf.IsNumeric ? content : Math.Min(content, cap)) + 2;
            sheet.Column(c + 1).Width = Math.Clamp(width, 6, 60);
        }
    }
}
