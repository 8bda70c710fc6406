using System.Globalization;
using System.IO.Compression;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Layout;
using System.Text.RegularExpressions;
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
public static partial class WorkbookImporter
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The bound on what the package expands to (all its parts together). ClosedXML holds a whole workbook in memory at
    /// about ten times its XML (measured: 95 MB of sheet XML cost 1 GB and 20 s), so this bounds memory per import at
    /// roughly 300 MB; the largest legitimate workbook (every table of a set at <see cref="MaxRowsPerSheet"/> rows would
    /// be far larger than any real disclosure) stays well below it: the 18 tables of a provincial budget are 0.3 MB.
    /// </summary>
    public const long MaxUncompressedBytes = 30 * 1024 * 1024;
    public const int MaxCompressionRatio = 100;
    public const int MaxEntries = 2000;
    public const int MaxSheets = 100;
    public const int MaxRowsPerSheet = 5000;

    public const string NotAWorkbook = "不是有效的 Excel 工作簿（.xlsx）";

    public static string TooLarge => $"文件过大（上限 {MaxBytes / 1024 / 1024} MB）";

    public static WorkbookReading Read(DisclosureDocument draft, Stream workbook)
    {
        var errors = new List<string>();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int n; (n = workbook.Read(chunk)) > 0;)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxBytes)
            {
                return Fail($"{TooLarge}，请删去多余的工作表或行后重新上传。");
            }
        }

        if (CheckPackage(buffer) is { } packageError)
        {
            return Fail(packageError);
        }

        buffer.Position = 0;
        try
        {
            using var book = new XLWorkbook(buffer);
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
        catch (Exception ex) when (IsUnreadable(ex))
        {
            return Fail($"文件{NotAWorkbook}：请上传从本平台下载、在 Excel 或 WPS 中填写后另存为 .xlsx 的工作簿。");
        }

        static WorkbookReading Fail(string error) => new([error], new Dictionary<int, TableDocument>());
    }

    /// <summary>
    /// What ClosedXML 0.95 and the Open XML SDK throw on a package that is a zip but not a workbook (an .ods renamed,
    /// a part missing or malformed): NullReferenceException and KeyNotFoundException included, because that is how
    /// they report a missing part. A bug of ours would show up as one of these too, but only on such a file.
    /// </summary>
    private static bool IsUnreadable(Exception ex) =>
        ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException
            or System.Xml.XmlException or NullReferenceException or KeyNotFoundException or IndexOutOfRangeException
            or InvalidCastException or OverflowException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException;

    /// <summary>
    /// Checked before any XML is parsed: a zip at all, the parts of a spreadsheet, and what it expands to — declared
    /// sizes first (cheap), then the bytes actually inflated, since a zip may declare sizes that are false. Also used by
    /// <see cref="OrganisationSheet"/>.
    /// </summary>
    internal static string? CheckPackage(MemoryStream buffer)
    {
        const string bomb = "文件解压后的体积异常（疑似压缩炸弹），拒绝读取。";
        var tooBig = $"工作簿解压后超过 {MaxUncompressedBytes / 1024 / 1024} MB 的上限，拒绝读取。请删去多余的工作表、行或格式后重新上传。";
        buffer.Position = 0;
        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
            {
                return "文件结构异常（条目过多），拒绝读取。";
            }

            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxCompressionRatio && entry.Length > 1024 * 1024)
                {
                    return bomb;
                }

                if (declared > MaxUncompressedBytes)
                {
                    return tooBig;
                }
            }

            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is null)
            {
                return $"文件{NotAWorkbook}：其中没有 Excel 工作簿的内容（可能是 WPS 表格 .et、OpenDocument .ods 或其他文件改了扩展名）。请在 Excel 或 WPS 中另存为 .xlsx 后上传。";
            }

            long inflated = 0;
            var chunk = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                for (int n; (n = stream.Read(chunk)) > 0;)
                {
                    inflated += n;
                    if (inflated > MaxUncompressedBytes)
                    {
                        return tooBig;
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            return $"文件{NotAWorkbook}（不是有效的 Office Open XML 压缩包，可能是旧版 .xls、加密的工作簿或其他文件）。请在 Excel 或 WPS 中另存为 .xlsx 后上传。";
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
        var fieldRows = new List<int>();
        if (layout.FieldsBefore.Count > 0 || headerTop > ExcelExporter.HeadingRows + 1)
        {
            fields = [];
            for (var r = ExcelExporter.HeadingRows + 1; r < headerTop; r++)
            {
                var label = ExcelExporter.Shown(sheet.Cell(r, 1)).Trim();
                if (ExcelExporter.ReadFormGrid(sheet, r, headerTop) is { } grid)
                {
                    // A task grid ("年度主要任务" over "年度主要任务1", "年度主要任务2"…) stands for the numbered lines it shows.
                    foreach (var (line, row) in grid.Lines)
                    {
                        fields.Add(line);
                        fieldRows.Add(row);
                    }

                    r = grid.LastRow;
                }
                else if (label.Length > 0)
                {
                    var value = ExcelExporter.FormText(sheet.Cell(r, 2));
                    fields.Add(new FieldLine { Label = label, Value = value.Length == 0 ? null : value });
                    fieldRows.Add(r);
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

            if (IsTrailer(sheet, r, layout) || IsNote(sheet, r, leaves))
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
                row = row with { Role = isTotal ? RowRoles.Total : null, Level = ClassificationTree.LevelOf(row.Code) };
            }

            rows.Add(row);
        }

        while (rows.Count > 0 && rows[^1].Cells.All(c => c.IsBlank) && rows.Count > table.Rows.Count)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var unit = ReadUnit(sheet, table, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var read = RowIdentity.Apply(table with { Rows = rows, Fields = fields ?? table.Fields, Unit = unit });
        foreach (var v in StorageLimits.Check(read, accepted: table))
        {
            errors.Add(v.Row >= 0
                ? $"工作表“{sheet.Name}”单元格 {sheet.Cell(bodyTop + v.Row, v.Column + 1).Address}（“{leaves[v.Column].Title}”列）：{v.Message}。"
                : $"工作表“{sheet.Name}”第 {(v.Column < fieldRows.Count ? fieldRows[v.Column] : headerTop)} 行（“{read.Fields![v.Column].Label[..Math.Min(20, read.Fields![v.Column].Label.Length)]}”）：{v.Message}。");
        }

        return errors.Count > before ? null : read;
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
            var text = ExcelExporter.Shown(sheet.Cell(ExcelExporter.HeadingRows, c)).Trim();
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

    /// <summary>
    /// One cell, by what Excel stored rather than what it shows: a number in an amount column is taken as the 15
    /// significant digits Excel displays (dropping binary noise such as 0.30000000000000004), text goes through the
    /// same <see cref="AmountParser"/> as the grid. Dates, logical values and formulas without a stored result are
    /// refused, never converted: 45292 for 2024-01-01, 1 for TRUE or a blank for an uncalculated SUM would all be
    /// figures nobody typed.
    /// </summary>
    private static CellValue ReadCell(IXLCell cell, ColumnNode leaf, int decimals, AmountUnit? unit, string sheet, List<string> errors)
    {
        var where = $"工作表“{sheet}”单元格 {cell.Address}（“{leaf.Title}”列）";
        var isCode = leaf.Role is ColumnRoles.Code or ColumnRoles.Unit;
        string raw;
        var type = cell.DataType;
        if (cell.HasFormula)
        {
            // ClosedXML would evaluate the formula itself on GetString(); only the result Excel or WPS saved counts.
            if (cell.CachedValue is not { } cached || (cached is string { Length: 0 } && type != XLDataType.Text))
            {
                errors.Add($"{where}：公式“={Shorten(cell.FormulaA1)}”没有保存计算结果。请在 Excel 或 WPS 中打开并保存后再上传，或把公式改为数值。");
                return CellValue.Blank;
            }

            raw = Convert.ToString(cached, CultureInfo.InvariantCulture) ?? "";
        }
        else if (cell.IsEmpty())
        {
            return CellValue.Blank;
        }
        else
        {
            raw = type == XLDataType.Text ? cell.GetString() : "";
        }

        switch (type)
        {
            case XLDataType.Boolean:
                errors.Add($"{where}：是逻辑值（TRUE/FALSE），不是{(leaf.IsNumeric ? "金额" : "文本")}。请重新输入。");
                return CellValue.Blank;
            case XLDataType.DateTime when !leaf.IsNumeric && !isCode && !cell.HasFormula:
                // A date typed into a text column (完成时限) is what the person meant; written the one unambiguous way.
                return CellValue.Of(cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case XLDataType.DateTime or XLDataType.TimeSpan:
                errors.Add($"{where}：是日期或时间，不是{(leaf.IsNumeric ? "金额" : isCode ? "编码" : "文本")}。请把单元格格式改为“{(leaf.IsNumeric ? "数值" : "文本")}”后重新输入。");
                return CellValue.Blank;
            case XLDataType.Number:
                return ReadNumber(cell, raw, leaf, decimals, where, errors);
            default:
                if (!leaf.IsNumeric)
                {
                    var text = raw.Trim();
                    return text.Length == 0 ? CellValue.Blank : CellValue.Of(text);
                }

                if (!AmountParser.TryParseCell(raw, unit, out var value, out var error))
                {
                    errors.Add($"{where}：{error}。");
                    return CellValue.Blank;
                }

                return value.Number is { } parsed ? CellValue.Of(Padded(parsed, leaf, decimals)) : value;
        }
    }

    private static CellValue ReadNumber(IXLCell cell, string raw, ColumnNode leaf, int decimals, string where, List<string> errors)
    {
        var number = cell.HasFormula
            ? double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var cached) ? cached : double.NaN
            : cell.GetDouble();
        if (!double.IsFinite(number) || Math.Abs(number) >= (double)StorageLimits.MaxMagnitude)
        {
            errors.Add($"{where}：数值 {number.ToString("G15", CultureInfo.InvariantCulture)} 超出允许的范围（绝对值须小于 10^15）。");
            return CellValue.Blank;
        }

        var value = decimal.Parse(number.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (leaf.IsNumeric)
        {
            return CellValue.Of(Padded(value, leaf, decimals));
        }

        if (leaf.Role is ColumnRoles.Code or ColumnRoles.Unit && value != decimal.Truncate(value))
        {
            errors.Add($"{where}：编码应为数字文本，而不是 {value.ToString(CultureInfo.InvariantCulture)}。");
            return CellValue.Blank;
        }

        // A code typed into a General cell became a number: its leading zeros are gone, so the code check refuses
        // "1" for "01" rather than guessing them back.
        return CellValue.Of(leaf.Role is ColumnRoles.Code or ColumnRoles.Unit ? value.ToString("0", CultureInfo.InvariantCulture) : cell.GetFormattedString().Trim());
    }

    /// <summary>At least the table's printed decimals (1234.5 → 1234.50), as the published tables print them.</summary>
    private static decimal Padded(decimal value, ColumnNode leaf, int decimals) =>
        leaf.Type == ColumnTypes.Amount && TableLayout.Scale(value) < decimals ? value + new decimal(0, 0, 0, false, (byte)decimals) : value;

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    /// <summary>
    /// A note under the table (注：…, 注1., 说明：…) ends the body: a row whose first cell starts so and whose figures
    /// are blank is a footnote, even when the table set does not list it (last year's workbook, a note added in Excel).
    /// </summary>
    private static bool IsNote(IXLWorksheet sheet, int row, IReadOnlyList<ColumnNode> leaves)
    {
        var first = ExcelExporter.Shown(sheet.Cell(row, 1)).Trim();
        return NotePattern().IsMatch(first)
            && Enumerable.Range(0, leaves.Count).Where(c => leaves[c].IsNumeric).All(c => sheet.Cell(row, c + 1).IsEmpty());
    }

    [GeneratedRegex(@"^(注|说明)(\s|[：:、.．,，(（]|[0-9０-９一二三四五六七八九十]|$)")]
    private static partial Regex NotePattern();

    /// <summary>The empty-table note, fields printed below the grid and footnotes end the body.</summary>
    private static bool IsTrailer(IXLWorksheet sheet, int row, TableLayout layout)
    {
        var first = ExcelExporter.Shown(sheet.Cell(row, 1));
        return (layout.EmptyNote is not null && first == layout.EmptyNote)
            || layout.Footnotes.Contains(first)
            || layout.FieldsAfter.Any(f => f.Label == first)
            || layout.FormAfter.OfType<FormGrid>().Any(g => g.Title == first);
    }

    private static string HeaderText(IXLWorksheet sheet, int row, int column)
    {
        var cell = sheet.Cell(row, column);
        var merged = cell.MergedRange();
        return ExcelExporter.Shown(merged?.FirstCell() ?? cell);
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
