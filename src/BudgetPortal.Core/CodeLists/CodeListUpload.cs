using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace BudgetPortal.Core.CodeLists;

/// <summary>
/// Reads an edition of a code list from a workbook (first sheet) or a CSV file: one code and its name per row, in the
/// first two columns; a first row that is not a code is a header. Every problem is named by its row.
/// </summary>
public static class CodeListUpload
{
    public static (List<CodeEntry> Entries, List<string> Errors) Read(Stream content, string fileName, string prefix)
    {
        List<(int Row, string? Code, string? Name)> rows;
        try
        {
            rows = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? FromWorkbook(content) : FromCsv(content);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or CsvHelperException or FormatException or ArgumentException)
        {
            return ([], [$"无法读取文件“{fileName}”：应为 .xlsx 工作簿或 UTF-8 编码的 CSV 文件（第一列编码，第二列名称）。"]);
        }

        var entries = new List<CodeEntry>();
        var errors = new List<string>();
        var seen = new Dictionary<string, int>();
        foreach (var (row, rawCode, rawName) in rows)
        {
            var code = rawCode?.Trim() ?? "";
            var name = rawName?.Trim() ?? "";
            if (code.Length == 0 && name.Length == 0)
            {
                continue;
            }

            if (row == 1 && !code.All(char.IsAsciiDigit))
            {
                continue;
            }

            if (!code.All(char.IsAsciiDigit) || code.Length is not (3 or 5 or 7) || !code.StartsWith(prefix, StringComparison.Ordinal))
            {
                errors.Add($"第 {row} 行：编码“{code}”无效，应为以 {prefix} 开头的 3、5 或 7 位数字（请将编码列设为文本，以免丢失开头的 0）。");
            }
            else if (name.Length == 0)
            {
                errors.Add($"第 {row} 行：科目 {code} 缺少名称。");
            }
            else if (seen.TryGetValue(code, out var first))
            {
                errors.Add($"第 {row} 行：编码 {code} 与第 {first} 行重复。");
            }
            else
            {
                seen[code] = row;
                entries.Add(new CodeEntry(code, name));
            }
        }

        foreach (var entry in entries.Where(e => e.Code.Length > 3 && !seen.ContainsKey(e.Code[..^2])))
        {
            errors.Add($"第 {seen[entry.Code]} 行：科目 {entry.Code} {entry.Name} 的上级科目 {entry.Code[..^2]} 不在文件中。");
        }

        if (entries.Count == 0 && errors.Count == 0)
        {
            errors.Add($"文件“{fileName}”中没有科目。");
        }

        return (entries, errors);
    }

    private static List<(int, string?, string?)> FromWorkbook(Stream content)
    {
        using var workbook = new XLWorkbook(content);
        var sheet = workbook.Worksheets.First();
        return [.. sheet.RowsUsed().Select(r => (r.RowNumber(), (string?)r.Cell(1).GetFormattedString(), (string?)r.Cell(2).GetFormattedString()))];
    }

    private static List<(int, string?, string?)> FromCsv(Stream content)
    {
        using var reader = new StreamReader(content, detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectDelimiter = true });
        var rows = new List<(int, string?, string?)>();
        while (parser.Read())
        {
            var record = parser.Record ?? [];
            rows.Add((parser.Row, record.ElementAtOrDefault(0), record.ElementAtOrDefault(1)));
        }

        return rows;
    }
}
