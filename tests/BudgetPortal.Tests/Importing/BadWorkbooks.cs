using System.IO.Compression;
using System.Text;
using BudgetPortal.Core.Workbooks;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Importing;

/// <summary>
/// One bad workbook of the corpus: made from a good workbook of the 2023 budget of 辽宁省 (its export, or a draft's
/// workbook with the same tables), and the message the importer must give for it, naming sheet and cell.
/// </summary>
public sealed record BadWorkbook(string Name, Func<byte[], (byte[] File, string Expected)> Make)
{
    public override string ToString() => Name;
}

/// <summary>
/// The bad-workbook corpus (issue 14): every way a workbook crashed the import or silently changed a figure, and the
/// ways that were already refused (zip bomb, XXE, wrong template, text in an amount cell). Generated in code, so the
/// cases say what they are; none needs a binary fixture (even the .ods is a few lines of OpenDocument).
/// </summary>
public static class BadWorkbooks
{
    public const string Spending = "表3 支出预算总表";
    public const string Projects = "表9 项目支出预算表";
    public const string Summary = "表1 收支预算总表";
    private const string NotAWorkbook = WorkbookImporter.NotAWorkbook;

    public static readonly IReadOnlyList<BadWorkbook> All =
    [
        Amount("a number beyond the storage range (1E+30)", c => c.Value = 1e30, "数值 1E+30 超出允许的范围（绝对值须小于 10^15）"),
        Amount("a date in an amount cell", Date, "是日期或时间，不是金额"),
        Amount("a logical value in an amount cell", c => c.Value = true, "是逻辑值（TRUE/FALSE），不是金额"),
        Amount("a formula without a stored result", c => c.FormulaA1 = "SUM(D5:D6)", "公式“=SUM(D5:D6)”没有保存计算结果"),
        Amount("a comma that is not a thousands separator", c => c.SetValue("236,77"), "“236,77”不是金额：千分位分隔符只能把整数部分按每三位数字分组"),
        Amount("an enumeration comma in an amount", c => c.SetValue("236、77"), "“236、77”不是金额"),
        Amount("text in an amount cell", c => c.SetValue("一千二百"), "“一千二百”不是金额"),
        Amount("a 32-digit number typed as text", c => c.SetValue(new string('9', 32)), $"“{new string('9', 32)}”超出金额允许的范围"),
        Code("a code typed as a number lost its leading zero", c => c.Value = 1, "“1”不是 3、5 或 7 位数字的科目编码"),
        Code("a two-digit code in a one-column code layout", c => c.SetValue("01"), "“01”不是 3、5 或 7 位数字的科目编码"),
        Code("a 40-digit code", c => c.SetValue(new string('1', 40)), $"“{new string('1', 40)}”不是 3、5 或 7 位数字的科目编码"),
        Code("a date in a code cell", Date, "是日期或时间，不是编码"),
        Name("a 500-character name", new string('名', 500), "名称过长（500 个字符，上限 400）"),
        Name("a 9,100-character name", new string('名', 9100), "内容过长（9100 个字符，上限 8000）"),
        Edit("a renamed header (wrong template)", book =>
        {
            var header = Find(book.Worksheet(Spending), "科目名称");
            header.SetValue("名称");
            return $"工作表“{Spending}”中找不到表头";
        }),
        Edit("a missing table sheet (wrong template)", book =>
        {
            book.Worksheet(Spending).Delete();
            return $"缺少工作表“{Spending}”";
        }),
        Edit("more rows than a sheet may hold", book =>
        {
            var name = Find(book.Worksheet(Spending), "行政单位离退休");
            for (var r = 0; r <= WorkbookImporter.MaxRowsPerSheet; r++)
            {
                name.Worksheet.Cell(name.Address.RowNumber + r, name.Address.ColumnNumber).SetValue("某科目");
            }

            return $"工作表“{Spending}”超过 {WorkbookImporter.MaxRowsPerSheet} 行";
        }),
        new("an external entity in the sheet XML (XXE)", good => (Rewrite(good, "xl/worksheets/sheet2.xml", xml =>
            xml.Replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", StringComparison.Ordinal)), NotAWorkbook)),
        new("a zip bomb", _ => (Zip(("xl/worksheets/sheet1.xml", ZerosMb(120)), ("[Content_Types].xml", "<Types/>"u8.ToArray())), "疑似压缩炸弹")),
        new("sheet XML far larger than the workbook may expand to", _ => (LargeSheetXml(), $"工作簿解压后超过 {WorkbookImporter.MaxUncompressedBytes / 1024 / 1024} MB 的上限")),
        new("an OpenDocument spreadsheet renamed to .xlsx", _ => (Ods(), NotAWorkbook)),
        new("a plain zip", _ => (Zip(("说明.txt", Encoding.UTF8.GetBytes("不是工作簿"))), NotAWorkbook)),
        new("a zip with the parts of a workbook but broken content", good => (Rewrite(good, "xl/workbook.xml", _ => "<workbook>"), NotAWorkbook)),
        new("a text file named .xlsx", _ => ("这不是工作簿"u8.ToArray(), NotAWorkbook)),
        new("a file over the size limit", _ => (new byte[WorkbookImporter.MaxBytes + 1], $"文件过大（上限 {WorkbookImporter.MaxBytes / 1024 / 1024} MB）")),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static BadWorkbook Get(string name) => All.Single(c => c.Name == name);

    public static IXLCell Find(IXLWorksheet sheet, string text) => sheet.CellsUsed().First(c => c.GetString() == text);

    public static byte[] Edit(byte[] workbook, Action<XLWorkbook> change)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        change(book);
        using var output = new MemoryStream();
        book.SaveAs(output);
        return output.ToArray();
    }

    private static BadWorkbook Edit(string name, Func<XLWorkbook, string> change) => new(name, good =>
    {
        string expected = "";
        var file = Edit(good, book => expected = change(book));
        return (file, expected);
    });

    /// <summary>The 合计 cell of the row 2080501 行政单位离退休 in 表3.</summary>
    private static BadWorkbook Amount(string name, Action<IXLCell> set, string message) => Edit(name, book =>
    {
        var code = Find(book.Worksheet(Spending), "2080501");
        var cell = code.Worksheet.Cell(code.Address.RowNumber, code.Address.ColumnNumber + 2);
        set(cell);
        return $"工作表“{Spending}”单元格 {cell.Address}（“合计”列）：{message}";
    });

    private static BadWorkbook Code(string name, Action<IXLCell> set, string message) => Edit(name, book =>
    {
        var cell = Find(book.Worksheet(Spending), "2080501");
        set(cell);
        return $"工作表“{Spending}”单元格 {cell.Address}（“科目编码”列）：{message}";
    });

    private static BadWorkbook Name(string name, string text, string message) => Edit(name, book =>
    {
        var cell = Find(book.Worksheet(Spending), "行政单位离退休");
        cell.SetValue(text);
        return $"工作表“{Spending}”单元格 {cell.Address}（“科目名称”列）：{message}";
    });

    /// <summary>A date as Excel stores one typed into a cell: the serial number 45292 with a date format.</summary>
    private static void Date(IXLCell cell)
    {
        cell.Clear();
        cell.Value = new DateTime(2024, 1, 1);
        cell.Style.NumberFormat.Format = "yyyy-mm-dd";
    }

    private static byte[] ZerosMb(int mb) => new byte[mb * 1024 * 1024];

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    /// <summary>The workbook with one part's text replaced, everything else as it was.</summary>
    private static byte[] Rewrite(byte[] workbook, string part, Func<string, string> change)
    {
        using var input = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        var entries = input.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            return (e.FullName, e.FullName == part ? Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(content))) : content);
        }).ToArray();
        return Zip(entries);
    }

    /// <summary>
    /// A real workbook package whose one sheet holds far more XML than the import allows, compressing about as well
    /// as real figures do (well under the zip-bomb ratio): only the bound on uncompressed size stops it.
    /// </summary>
    private static byte[] LargeSheetXml()
    {
        var random = new Random(14);
        var sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (var r = 1; sheet.Length < WorkbookImporter.MaxUncompressedBytes + (1024 * 1024); r++)
        {
            sheet.Append("<row r=\"").Append(r).Append("\">");
            for (var c = 0; c < 10; c++)
            {
                sheet.Append("<c r=\"").Append((char)('A' + c)).Append(r).Append("\"><v>").Append(random.Next(0, 99_999_999) / 100m).Append("</v></c>");
            }

            sheet.Append("</row>");
        }

        sheet.Append("</sheetData></worksheet>");
        return Zip(
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8.ToArray()),
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"u8.ToArray()),
            ("xl/worksheets/sheet1.xml", Encoding.UTF8.GetBytes(sheet.ToString())));
    }

    /// <summary>A minimal OpenDocument spreadsheet (what LibreOffice or WPS writes as .ods), renamed .xlsx.</summary>
    private static byte[] Ods() => Zip(
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"u8.ToArray()),
        ("META-INF/manifest.xml", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
            + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
            + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>")),
        ("content.xml", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
            + "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
            + $"<office:body><office:spreadsheet><table:table table:name=\"{Spending}\"><table:table-row><table:table-cell><text:p>科目编码</text:p></table:table-cell>"
            + "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")));
}
