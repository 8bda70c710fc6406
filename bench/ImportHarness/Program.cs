using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Workbooks;
using ClosedXML.Excel;

// Usage: dotnet run -c Release -- data/reference/000-liaoning-2023-budget.json [runs]
// The CPU phases of an import of the disclosure's own workbook into a draft of it (what the upload and the confirm do
// besides the database): median thread CPU ms of each, after one cold run. bench/import.sh measures the whole over HTTP.
var path = args.Length > 0 ? args[0] : "data/reference/000-liaoning-2023-budget.json";
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var document = RowIdentity.Apply(DisclosureJson.Parse(File.ReadAllText(path), path));
using var exported = new MemoryStream();
ExcelExporter.WriteDisclosure(document, exported);
var workbook = exported.ToArray();
// The draft is the same disclosure with every amount changed by one, so that every amount is a change.
var draft = document with
{
    Tables = [.. document.Tables.Select(t => t with { Rows = [.. t.Rows.Select(r => r with { Cells = [.. r.Cells.Select(c => c.Number is { } n ? CellValue.Of(n + 1) : c)] })] })],
};
var phases = new Dictionary<string, List<double>>();
void Time(string phase, Action action)
{
    var start = ThreadCpu.Milliseconds();
    action();
    (phases.TryGetValue(phase, out var list) ? list : phases[phase] = []).Add(ThreadCpu.Milliseconds() - start);
}

var changes = 0;
for (var i = 0; i <= runs; i++)
{
    Time("zip inflate (package check)", () =>
    {
        using var zip = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        var chunk = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            while (s.Read(chunk) > 0)
            {
            }
        }
    });
    Time("ClosedXML load", () => { using var book = new XLWorkbook(new MemoryStream(workbook)); });
    WorkbookReading reading = null!;
    Time("WorkbookImporter.Read (check + load + parse)", () => reading = WorkbookImporter.Read(draft, new MemoryStream(workbook)));
    Time("diff", () => changes = reading.Tables.Sum(kv => TableDiff.Compare(draft.Tables[kv.Key], kv.Value).Count));
    string json = "";
    Time("preview JSON write", () => json = System.Text.Json.JsonSerializer.Serialize(reading.Tables, DisclosureJson.Create(indented: false)));
    Time("preview JSON read", () => System.Text.Json.JsonSerializer.Deserialize<Dictionary<int, TableDocument>>(json, DisclosureJson.Create(indented: false)));
    if (i == 0)
    {
        foreach (var list in phases.Values)
        {
            list.Clear();
        }
    }
}

// Where the parse goes: each ClosedXML call the reader makes, over every cell of every sheet (rows used + 20, columns used).
using (var book = new XLWorkbook(new MemoryStream(workbook)))
{
    var cells = book.Worksheets.SelectMany(ws => Enumerable.Range(1, (ws.LastRowUsed()?.RowNumber() ?? 1) + 20)
        .SelectMany(r => Enumerable.Range(1, ws.LastColumnUsed()?.ColumnNumber() ?? 1).Select(c => (ws, r, c)))).ToList();
    var differ = cells.Select(x => x.ws.Cell(x.r, x.c)).Where(c => c.DataType == XLDataType.Text && !c.HasFormula && c.GetString() != c.GetFormattedString()).ToList();
    Console.WriteLine($"{cells.Count(x => x.ws.Cell(x.r, x.c).DataType == XLDataType.Text)} text cells, {differ.Count} shown otherwise than their text");
    for (var i = 0; i < 3; i++)
    {
        Time($"  {cells.Count} x Cell(r, c)", () => cells.ForEach(x => x.ws.Cell(x.r, x.c)));
        Time("  x IsEmpty()", () => cells.ForEach(x => x.ws.Cell(x.r, x.c).IsEmpty()));
        Time("  x GetFormattedString()", () => cells.ForEach(x => x.ws.Cell(x.r, x.c).GetFormattedString()));
        Time("  x DataType + HasFormula", () => cells.ForEach(x => { var cell = x.ws.Cell(x.r, x.c); _ = cell.DataType; _ = cell.HasFormula; }));
        Time("  x MergedRange()", () => cells.ForEach(x => x.ws.Cell(x.r, x.c).MergedRange()));
        Time("  x Address.ToString()", () => cells.ForEach(x => x.ws.Cell(x.r, x.c).Address.ToString()));
        Time("  x GetString()", () => cells.ForEach(x => x.ws.Cell(x.r, x.c).GetString()));
    }
}

static double Median(List<double> values) => values.Order().ToList()[values.Count / 2];
Console.WriteLine($"{Path.GetFileName(path)}: workbook {workbook.Length / 1024} KiB, {changes} changed cells; median thread CPU ms over {runs} warm runs:");
foreach (var (phase, list) in phases)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-48} {Median(list),8:F1}"));
}
