using System.Globalization;
using System.IO.Compression;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Layout;
using ClosedXML.Excel;

namespace BudgetPortal.Core.Workbooks;

/// <summary>What a workbook would change in a draft: the tables it replaces, or the errors that refuse it.</summary>
public sealed record WorkbookReading(IReadOnlyList<string> Errors, IReadOnlyDictionary<int, TableDocument> Tables)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads back a workbook in the export layout (<see cref="ExcelExporter"/>: a contents sheet and one sheet per table,
/// two heading lines, form fields, the merged header, then the body) against the draft it was downloaded from. The
/// header must be the table set's; the body runs from the first row under the header to the first empty row, so rows
/// may be added or removed in Excel or WPS. Amounts are read tolerantly in form and strictly in meaning. Every problem
/// is reported with its sheet and cell, and one problem refuses the whole workbook.
/// </summary>
public static class WorkbookImporter
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const long MaxUncompressedBytes = 100 * 1024 * 1024;
    public const int MaxCompressionRatio = 100;
    public const int MaxSheets = 100;
    public const int MaxRowsPerSheet = 5000;

    public static WorkbookReading Read(DisclosureDocument draft, Stream workbook)
    {
        var errors = new List<string>();
        using var buffer = new MemoryStream();
        workbook.CopyTo(buffer);
        if (buffer.Length > MaxBytes)
        {
            return Fail($"文件过大（{buffer.Length / 1024 / 1024} MB），上限为 {MaxBytes / 1024 / 1024} MB。");
        }

        if (CheckPackage(buffer) is { } packageError)
        {
            return Fail(packageError);
        }

        buffer.Position = 0;
        XLWorkbook book;
        try
        {
            book = new XLWorkbook(buffer);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException)
        {
            return Fail("无法读取该文件：请上传从本平台下载、在 Excel 或 WPS 中填写后另存为 .xlsx 的工作簿。");
        }

        using (book)
        {
            if (book.Worksheets.Count > MaxSheets)
            {
                return Fail($"工作表过多（{book.Worksheets.Count} 个），上限为 {MaxSheets} 个。");
            }

            var tables = new Dictionary<int, TableDocument>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "目录" };
            for (var i = 0; i < draft.Tables.Count; i++)
            {
                var table = draft.Tables[i];
                var sheetName = ExcelExporter.SheetName(table, names);
                if (table.Missing)
                {
                    continue;
                }

                if (!book.TryGetWorksheet(sheetName, out var sheet))
                {
                    errors.Add($"缺少工作表“{sheetName}”（{table.Number} {table.Title}）。请勿重命名或删除工作表。");
                    continue;
                }

                if (ReadTable(table, draft.Department.Name, sheet, errors) is { } read)
                {
                    tables[i] = read;
                }
            }

            return errors.Count > 0 ? new WorkbookReading(errors, new Dictionary<int, TableDocument>()) : new WorkbookReading([], tables);
        }

        static WorkbookReading Fail(string error) => new([error], new Dictionary<int, TableDocument>());
    }

    /// <summary>Refuses archives that would expand to far more than they weigh (a "zip bomb") before any XML is parsed.</summary>
    internal static string? CheckPackage(MemoryStream buffer)
    {
        buffer.Position = 0;
        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > 2000)
            {
                return "文件结构异常（条目过多），拒绝读取。";
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > MaxUncompressedBytes || (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxCompressionRatio && entry.Length > 1024 * 1024))
                {
                    return "文件解压后的体积异常（疑似压缩炸弹），拒绝读取。";
                }
            }
        }
        catch (InvalidDataException)
        {
            return "这不是 .xlsx 工作簿（文件不是有效的 Office Open XML 压缩包）。";
        }

        return null;
    }

    private static TableDocument? ReadTable(TableDocument table, string department, IXLWorksheet sheet, List<string> errors)
    {
        var layout = TableLayout.From(table, department);
        var leaves = layout.Leaves;
        var before = errors.Count;

        // Forms carry label/value lines above the grid, as many as the workbook has: find the header by its leaf titles.
        var lastHeader = -1;
        for (var r = ExcelExporter.HeadingRows + layout.HeaderRows.Count; r <= ExcelExporter.HeadingRows + 100 && lastHeader < 0; r++)
        {
            if (Enumerable.Range(0, leaves.Count).All(c => Matches(sheet, r, c + 1, leaves[c].Title, layout.HeaderRows.Count)))
            {
                lastHeader = r;
            }
        }

        if (lastHeader < 0)
        {
            var expected = string.Join("、", leaves.Select(l => l.Title));
            errors.Add($"工作表“{sheet.Name}”中找不到表头（各列应为：{expected}）。请勿修改表头和列的顺序。");
            return null;
        }

        var headerTop = lastHeader - layout.HeaderRows.Count + 1;
        var bodyTop = lastHeader + 1;
        List<FieldLine>? fields = null;
        if (layout.FieldsBefore.Count > 0 || headerTop > ExcelExporter.HeadingRows + 1)
        {
            fields = [];
            for (var r = ExcelExporter.HeadingRows + 1; r < headerTop; r++)
            {
                var label = sheet.Cell(r, 1).GetFormattedString().Trim();
                if (label.Length > 0)
                {
                    var value = sheet.Cell(r, 2).GetFormattedString().Trim();
                    fields.Add(new FieldLine { Label = label, Value = value.Length == 0 ? null : value });
                }
            }

            fields.AddRange(table.Fields?.Where(f => f.Position == "after") ?? []);
        }

        var known = table.Rows.GroupBy(RowIdentity.KeyOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // The body ends at the table's own trailer (empty-table note, fields below, footnotes) or after a run of empty
        // rows; empty rows inside it are kept (some fixed rows print nothing), trailing ones dropped.
        var rows = new List<RowDocument>();
        var blanks = 0;
        for (var r = bodyTop; blanks < 20; r++)
        {
            if (r - bodyTop >= MaxRowsPerSheet)
            {
                errors.Add($"工作表“{sheet.Name}”超过 {MaxRowsPerSheet} 行，拒绝读取。");
                return null;
            }

            if (IsTrailer(sheet, r, layout))
            {
                break;
            }

            var cells = new List<CellValue>();
            for (var c = 0; c < leaves.Count; c++)
            {
                cells.Add(ReadCell(sheet.Cell(r, c + 1), leaves[c], table.Decimals, AmountUnit.Parse(table.Unit), sheet.Name, errors));
            }

            blanks = cells.All(v => v.IsBlank) ? blanks + 1 : 0;
            var row = RowIdentity.Apply(table with { Rows = [new RowDocument { Cells = cells }] }).Rows[0];
            var isTotal = row.Code is null && cells.Any(v => v.Text is "合计" or "总计" or "合  计");
            if (known.TryGetValue(RowIdentity.KeyOf(row with { Role = RowRoles.Total }), out var existing) || known.TryGetValue(RowIdentity.KeyOf(row), out existing))
            {
                row = row with { Role = existing.Role, Level = existing.Level };
            }
            else
            {
                row = row with { Role = isTotal ? RowRoles.Total : null, Level = row.Code is { Length: var n } ? (n + 1) / 2 - 1 : 0 };
            }

            rows.Add(row);
        }

        while (rows.Count > 0 && rows[^1].Cells.All(c => c.IsBlank) && rows.Count > table.Rows.Count)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var unit = ReadUnit(sheet, table, errors);
        return errors.Count > before ? null : RowIdentity.Apply(table with { Rows = rows, Fields = fields ?? table.Fields, Unit = unit });
    }

    /// <summary>
    /// The unit is data of the table: the heading's "单位：元" / "金额单位：万元" (any cell of the second row) is read back,
    /// so a table re-printed in another unit is imported in it. No unit line keeps the draft's unit; a line naming no
    /// known unit is refused with its cell.
    /// </summary>
    private static string? ReadUnit(IXLWorksheet sheet, TableDocument table, List<string> errors)
    {
        // A table without amounts, or with a unit the portal does not convert (个, %), keeps what its set says.
        if (AmountUnit.Parse(table.Unit) is null)
        {
            return table.Unit;
        }

        var lastColumn = Math.Max(sheet.LastColumnUsed()?.ColumnNumber() ?? 1, 2);
        for (var c = 1; c <= lastColumn; c++)
        {
            var text = sheet.Cell(ExcelExporter.HeadingRows, c).GetFormattedString().Trim();
            if (!text.StartsWith("单位", StringComparison.Ordinal) && !text.StartsWith("金额单位", StringComparison.Ordinal))
            {
                continue;
            }

            if (AmountUnit.Parse(text) is { } unit)
            {
                return unit.Name;
            }

            errors.Add($"工作表“{sheet.Name}”单元格 {sheet.Cell(ExcelExporter.HeadingRows, c).Address}：“{text}”不是可用的金额单位（元、千元、万元、亿元）。");
            return table.Unit;
        }

        return table.Unit;
    }

    private static CellValue ReadCell(IXLCell cell, ColumnNode leaf, int decimals, AmountUnit? unit, string sheet, List<string> errors)
    {
        if (cell.IsEmpty())
        {
            return CellValue.Blank;
        }

        if (!leaf.IsNumeric)
        {
            var text = cell.GetFormattedString().Trim();
            return text.Length == 0 ? CellValue.Blank : CellValue.Of(text);
        }

        decimal? number;
        if (cell.DataType == XLDataType.Number)
        {
            // Excel keeps doubles: round away the binary noise and show at least the table's decimals (1234.5 → 1234.50).
            number = Math.Round((decimal)cell.GetDouble(), 6);
        }
        else if (!AmountParser.TryParse(cell.GetFormattedString(), unit, out number, out var error))
        {
            errors.Add($"工作表“{sheet}”单元格 {cell.Address}（“{leaf.Title}”列）：{error}。");
            return CellValue.Blank;
        }

        if (number is not { } value)
        {
            return CellValue.Blank;
        }

        if (leaf.Type == ColumnTypes.Amount && TableLayout.Scale(value) < decimals)
        {
            value += new decimal(0, 0, 0, false, (byte)decimals);
        }

        return CellValue.Of(value);
    }

    /// <summary>The empty-table note, fields printed below the grid and footnotes end the body.</summary>
    private static bool IsTrailer(IXLWorksheet sheet, int row, TableLayout layout)
    {
        var first = sheet.Cell(row, 1).GetFormattedString();
        return (layout.EmptyNote is not null && first == layout.EmptyNote)
            || layout.Footnotes.Contains(first)
            || layout.FieldsAfter.Any(f => f.Label == first);
    }

    private static string HeaderText(IXLWorksheet sheet, int row, int column)
    {
        var cell = sheet.Cell(row, column);
        var merged = cell.MergedRange();
        return (merged?.FirstCell() ?? cell).GetFormattedString();
    }

    /// <summary>The leaf's title is in this row, or above it within the header (a leaf spanning rows is merged).</summary>
    private static bool Matches(IXLWorksheet sheet, int lastHeader, int column, string expected, int headerRows)
    {
        for (var r = lastHeader; r > lastHeader - headerRows && r > 0; r--)
        {
            if (Normalize(HeaderText(sheet, r, column)) == Normalize(expected))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);
}
