using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;

namespace BudgetPortal.Core.Workbooks;

/// <summary>One line of an organisation file: a unit of a department of a region (the path from the province down).</summary>
public sealed record OrganisationRow(
    int Row, IReadOnlyList<string> RegionPath, string Department, string? DepartmentCode, string? DepartmentSlug,
    string? UnitCode, string UnitName, string? UnitKind, bool OwnOffice);

/// <summary>A refused line: its row number (as Excel or a text editor shows it), the column, and why.</summary>
public sealed record OrganisationProblem(int Row, string Column, string Message)
{
    public override string ToString() => Row > 0 ? $"第 {Row} 行“{Column}”：{Message}" : Message;
}

public sealed record OrganisationReading(IReadOnlyList<OrganisationRow> Rows, IReadOnlyList<OrganisationProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Reads a whole organisation tree (regions, departments, units) from a workbook or a CSV file with one unit per row,
/// and writes the blank template. Only the form of each cell is checked here; what the rows mean against the
/// database (new or changed) is decided by the portal.
/// </summary>
public static class OrganisationSheet
{
    public const long MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const string SheetName = "组织机构";

    public const string RegionPath = "地区路径";
    public const string Department = "部门名称";
    public const string DepartmentCode = "部门编码";
    public const string DepartmentSlug = "部门代号";
    public const string UnitCode = "单位编码";
    public const string UnitName = "单位名称";
    public const string UnitKind = "单位类型";
    public const string OwnOffice = "是否本级";

    public static readonly IReadOnlyList<string> Columns = [RegionPath, Department, DepartmentCode, DepartmentSlug, UnitCode, UnitName, UnitKind, OwnOffice];
    private static readonly string[] Required = [RegionPath, Department, UnitName];
    public static readonly IReadOnlyList<string> UnitKinds = ["行政单位", "参照公务员法管理事业单位", "事业单位"];
    private static readonly string[] KindAliases = ["行政单位", "行政", "参照公务员法管理事业单位", "参公事业单位", "参公单位", "参公", "事业单位", "事业"];

    /// <summary>A .xlsx workbook (the sheet 组织机构, else the first) or, for a name ending in .csv, UTF-8 CSV (GB18030 if not UTF-8).</summary>
    public static OrganisationReading Read(Stream content, string fileName)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        if (buffer.Length > MaxBytes)
        {
            return Fail($"文件过大（{buffer.Length / 1024} KB），上限为 {MaxBytes / 1024 / 1024} MB；请分成几个文件导入。");
        }

        buffer.Position = 0;
        var table = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(buffer) : ReadWorkbook(buffer);
        return table.Error is { } error ? Fail(error) : Parse(table.Rows);

        static OrganisationReading Fail(string message) => new([], [new OrganisationProblem(0, "", message)]);
    }

    /// <summary>The blank template: the header row, code columns as text (so 001 stays 001), and a sheet of instructions.</summary>
    public static void WriteTemplate(Stream output)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName);
        for (var c = 0; c < Columns.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(Columns[c]);
            sheet.Column(c + 1).Width = Columns[c] is RegionPath or Department or UnitName ? 30 : 16;
            sheet.Column(c + 1).Style.NumberFormat.Format = "@";
        }

        sheet.Row(1).Style.Font.SetBold();
        sheet.SheetView.FreezeRows(1);
        var help = workbook.Worksheets.Add("填写说明");
        string[][] lines =
        [
            ["列", "必填", "说明", "示例"],
            [RegionPath, "是", "从省级地区到部门所在地区，用“/”分隔；不存在的地区会新建", "某省/某市/某区"],
            [Department, "是", "部门全称；同一地区内按名称识别，不存在的部门会新建", "某市某区教育局"],
            [DepartmentCode, "否", "部门编码，按文本填写", "201"],
            [DepartmentSlug, "否", "公开文件网址的开头：小写英文字母、数字和连字符", "mouqu-jiaoyu"],
            [UnitCode, "否", "单位编码，按文本填写（保留开头的 0）", "201001"],
            [UnitName, "是", "单位全称；同一部门内按编码或名称识别", "某市某区教育局（本级）"],
            [UnitKind, "否", "行政单位、参照公务员法管理事业单位 或 事业单位", "行政单位"],
            [OwnOffice, "否", "是 / 否；每个部门只有一个本级单位", "是"],
        ];
        for (var r = 0; r < lines.Length; r++)
        {
            for (var c = 0; c < lines[r].Length; c++)
            {
                help.Cell(r + 1, c + 1).SetValue(lines[r][c]);
            }
        }

        help.Row(1).Style.Font.SetBold();
        help.Column(1).Width = 12;
        help.Column(2).Width = 6;
        help.Column(3).Width = 60;
        help.Column(4).Width = 28;
        workbook.SaveAs(output);
    }

    private sealed record RawTable(List<(int Row, string[] Cells)> Rows, string? Error);

    private static RawTable ReadWorkbook(MemoryStream buffer)
    {
        if (WorkbookImporter.CheckPackage(buffer) is { } packageError)
        {
            return new([], packageError);
        }

        buffer.Position = 0;
        try
        {
            using var book = new XLWorkbook(buffer);
            var sheet = book.Worksheets.FirstOrDefault(s => s.Name == SheetName) ?? book.Worksheets.First();
            var last = sheet.LastRowUsed()?.RowNumber() ?? 0;
            if (last > MaxRows + 1)
            {
                return new([], $"行数过多（{last} 行），上限为 {MaxRows} 行；请分成几个文件导入。");
            }

            var width = Math.Max(sheet.LastColumnUsed()?.ColumnNumber() ?? 0, 1);
            var rows = new List<(int, string[])>(last);
            for (var r = 1; r <= last; r++)
            {
                var row = sheet.Row(r);
                rows.Add((r, Enumerable.Range(1, width).Select(c => row.Cell(c).GetFormattedString()).ToArray()));
            }

            return new(rows, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException)
        {
            return new([], "无法读取该文件：请上传 .xlsx 工作簿（可先下载模板），或 UTF-8 编码的 .csv 文件。");
        }
    }

    private static RawTable ReadCsv(MemoryStream buffer)
    {
        var bytes = buffer.ToArray();
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new([], "CSV 文件不是 UTF-8 编码：请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”。");
        }

        var rows = new List<(int, string[])>();
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, BadDataFound = null });
        try
        {
            while (csv.Read())
            {
                if (rows.Count > MaxRows)
                {
                    return new([], $"行数过多，上限为 {MaxRows} 行；请分成几个文件导入。");
                }

                rows.Add((csv.Row, csv.Record ?? []));
            }
        }
        catch (CsvHelperException)
        {
            return new([], $"第 {csv.Row} 行无法按 CSV 读取（引号不成对？）。");
        }

        return new(rows, null);
    }

    private static OrganisationReading Parse(List<(int Row, string[] Cells)> table)
    {
        var problems = new List<OrganisationProblem>();
        var header = table.FirstOrDefault(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)));
        if (header.Cells is null)
        {
            return new([], [new OrganisationProblem(0, "", "文件是空的：第一行应是列名（地区路径、部门名称、单位名称 …），可先下载模板。")]);
        }

        var index = new Dictionary<string, int>();
        for (var c = 0; c < header.Cells.Length; c++)
        {
            var name = header.Cells[c].Trim();
            if (Columns.Contains(name) && !index.TryAdd(name, c))
            {
                problems.Add(new OrganisationProblem(header.Row, name, "列名重复。"));
            }
        }

        foreach (var missing in Required.Where(r => !index.ContainsKey(r)))
        {
            problems.Add(new OrganisationProblem(header.Row, missing, "缺少这一列（列名须与模板一致）。"));
        }

        if (problems.Count > 0)
        {
            return new([], problems);
        }

        var rows = new List<OrganisationRow>();
        foreach (var (number, cells) in table.Where(r => r.Row > header.Row))
        {
            string? Cell(string column) => index.TryGetValue(column, out var c) && c < cells.Length && !string.IsNullOrWhiteSpace(cells[c]) ? cells[c].Trim() : null;
            if (Columns.All(c => Cell(c) is null))
            {
                continue;
            }

            var before = problems.Count;
            void Problem(string column, string message) => problems.Add(new OrganisationProblem(number, column, message));

            var path = Cell(RegionPath)?.Split('/', StringSplitOptions.TrimEntries) ?? [];
            if (path.Length == 0)
            {
                Problem(RegionPath, "不能为空。");
            }
            else if (path.Any(p => p.Length is 0 or > 100))
            {
                Problem(RegionPath, $"“{Cell(RegionPath)}”中有空的或过长的地区名称（用“/”分隔，每级不超过 100 个字符）。");
            }

            CheckName(Department, Cell(Department));
            CheckName(UnitName, Cell(UnitName));
            CheckLength(DepartmentCode, Cell(DepartmentCode), 32);
            CheckLength(UnitCode, Cell(UnitCode), 32);
            var slug = Cell(DepartmentSlug)?.ToLowerInvariant();
            if (slug is not null && (slug.Length > 60 || !slug.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || slug.StartsWith('-') || slug.EndsWith('-') || slug.Contains("--", StringComparison.Ordinal)))
            {
                Problem(DepartmentSlug, $"“{slug}”只能由小写英文字母、数字和单个连字符组成，不超过 60 个字符。");
            }

            var kind = Cell(UnitKind);
            if (kind is not null && !KindAliases.Contains(kind))
            {
                Problem(UnitKind, $"“{kind}”不是{string.Join("、", UnitKinds)}之一。");
            }

            var own = Cell(OwnOffice);
            bool? ownOffice = own switch
            {
                null or "否" or "N" or "n" or "0" or "FALSE" or "false" => false,
                "是" or "Y" or "y" or "1" or "TRUE" or "true" or "本级" => true,
                _ => null,
            };
            if (ownOffice is null)
            {
                Problem(OwnOffice, $"“{own}”应为“是”或“否”。");
            }

            if (problems.Count == before)
            {
                rows.Add(new OrganisationRow(number, path, Cell(Department)!, Cell(DepartmentCode), slug, Cell(UnitCode), Cell(UnitName)!, kind, ownOffice!.Value));
            }

            void CheckName(string column, string? value)
            {
                if (value is null)
                {
                    Problem(column, "不能为空。");
                }
                else if (value.Length > 100 || value.Contains('/', StringComparison.Ordinal))
                {
                    Problem(column, $"“{value}”过长（上限 100 个字符）或含有“/”。");
                }
            }

            void CheckLength(string column, string? value, int max)
            {
                if (value?.Length > max)
                {
                    Problem(column, $"“{value}”过长（上限 {max} 个字符）。");
                }
            }
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new OrganisationProblem(0, "", "文件中没有数据行。"));
        }

        return new(problems.Count > 0 ? [] : rows, problems);
    }
}
