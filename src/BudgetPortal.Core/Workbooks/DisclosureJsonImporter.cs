using System.Text;
using System.Text.Json;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Workbooks;

/// <summary>
/// Reads a disclosure in the exchange format (the API's own JSON, docs/disclosure-format.md) as the content of a draft,
/// the way <see cref="WorkbookImporter"/> reads a workbook: each table of the file is matched to the draft's table of the
/// same code (else number), its columns must be the draft's, and its rows, unit, decimals, empty-table note, footnotes
/// and form lines replace the draft's. The draft keeps its table numbers, titles and columns (those of its table set).
/// Every problem is reported in Chinese with the JSON path or table it concerns, and one problem refuses the whole file.
/// The narrative sections of the file, when it has any, replace the draft's (<see cref="ReadDocument"/>).
/// </summary>
public static class DisclosureJsonImporter
{
    public const long MaxBytes = WorkbookImporter.MaxBytes;

    /// <summary>The tables read as <see cref="Read"/> does, and the file's narrative sections (empty: keep the draft's).</summary>
    public sealed record Reading(WorkbookReading Tables, IReadOnlyList<NarrativeSection> Sections);

    public static WorkbookReading Read(DisclosureDocument draft, byte[] content) => ReadDocument(draft, content).Tables;

    public static Reading ReadDocument(DisclosureDocument draft, byte[] content)
    {
        if (content.Length > MaxBytes)
        {
            return Failed($"{WorkbookImporter.TooLarge}，没有读取。");
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Failed("文件不是 UTF-8 编码的 JSON 文本。");
        }

        DisclosureDocument? upload;
        try
        {
            upload = JsonSerializer.Deserialize<DisclosureDocument>(text, DisclosureJson.Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"第 {line + 1} 行第 {(ex.BytePositionInLine ?? 0) + 1} 个字节" : "文件中";
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $"（字段 {ex.Path}）";
            var reason = ex.Message.Any(c => c > 0x2E80) ? ex.Message : "格式不符合公开文件 JSON 格式（docs/disclosure-format.md）";
            return Failed($"JSON 无法读取：{where}{path}：{reason}。");
        }

        if (upload is null)
        {
            return Failed("文件为空（JSON 为 null）。");
        }

        var errors = DisclosureValidator.Validate(upload).ToList();
        if (upload.Kind != draft.Kind && upload.Kind is DisclosureKinds.Budget or DisclosureKinds.Final)
        {
            errors.Add($"kind：文件是{DisclosureKinds.ToChinese(upload.Kind)}，草稿是{DisclosureKinds.ToChinese(draft.Kind)}。");
        }

        if (upload.Year != draft.Year && upload.Year is >= 1990 and <= 2100)
        {
            errors.Add($"year：文件是 {upload.Year} 年度，草稿是 {draft.Year} 年度。");
        }

        if (upload.Tables.Count == 0)
        {
            errors.Add("tables：文件中没有表格。");
        }

        var tables = new Dictionary<int, TableDocument>();
        for (var t = 0; t < upload.Tables.Count; t++)
        {
            var table = upload.Tables[t];
            var where = $"tables[{t}]（{table.Number} {table.Title}）";

            // A form printed once per project (绩效目标表) appears several times: the n-th in the file is the draft's n-th.
            var occurrence = upload.Tables.Take(t).Count(o => SameTable(o, table));
            var index = Match(draft, table, occurrence);
            if (index < 0)
            {
                errors.Add(occurrence == 0
                    ? $"{where}：草稿中没有这张表（按表代码“{table.Code}”和表号“{table.Number}”都找不到）。"
                    : $"{where}：文件中这张表有第 {occurrence + 1} 份，草稿中只有 {occurrence} 份；请先在草稿中添加，或从文件中删去多出的一份。");
                continue;
            }

            if (!tables.TryAdd(index, table))
            {
                errors.Add($"{where}：与前面的表对应草稿中的同一张表 {draft.Tables[index].Number}。");
                continue;
            }

            var target = draft.Tables[index];
            if (target.Missing || table.Missing)
            {
                errors.Add($"{where}：草稿或文件把这张表标为缺失，不能导入。");
                continue;
            }

            if (table.Unit is not null && AmountUnit.Parse(table.Unit) is null)
            {
                errors.Add($"{where}.unit：“{table.Unit}”不是金额单位（元、千元、万元、亿元）。");
            }

            if (table.Decimals is < 0 or > 6)
            {
                errors.Add($"{where}.decimals：{table.Decimals} 不在 0 到 6 之间。");
            }

            var mine = target.Leaves();
            var theirs = table.Leaves();
            if (mine.Count != theirs.Count)
            {
                errors.Add($"{where}.columns：有 {theirs.Count} 列，草稿的 {target.Number} {target.Title}有 {mine.Count} 列。");
                continue;
            }

            for (var c = 0; c < mine.Count; c++)
            {
                if (mine[c].Key != theirs[c].Key || mine[c].Type != theirs[c].Type)
                {
                    errors.Add($"{where}.columns：第 {c + 1} 列应为“{mine[c].Title}”（key {mine[c].Key}，{mine[c].Type}），文件中为“{theirs[c].Title}”（key {theirs[c].Key}，{theirs[c].Type}）。");
                }
            }
        }

        if (errors.Count > 0)
        {
            return new Reading(new WorkbookReading(errors, new Dictionary<int, TableDocument>()), []);
        }

        var result = tables.ToDictionary(kv => kv.Key, kv =>
        {
            var target = draft.Tables[kv.Key];
            var table = kv.Value;
            return RowIdentity.Apply(target with
            {
                Unit = table.Unit ?? target.Unit,
                Decimals = table.Decimals,
                Rows = [.. table.Rows.Select(r => r with { Key = null })],
                EmptyNote = table.EmptyNote,
                Footnotes = table.Footnotes,
                Fields = table.Fields ?? target.Fields,
            });
        });
        return new Reading(new WorkbookReading([], result), upload.Sections);
    }

    private static bool SameTable(TableDocument a, TableDocument b) =>
        a.Code is { Length: > 0 } && b.Code is { Length: > 0 } ? a.Code == b.Code : a.Number == b.Number;

    private static int Match(DisclosureDocument draft, TableDocument table, int occurrence)
    {
        var byCode = table.Code is { Length: > 0 } code
            ? draft.Tables.Select((t, i) => (t, i)).Where(p => p.t.Code == code).Select(p => p.i).ToList()
            : [];
        var candidates = byCode.Count > 0 ? byCode : [.. draft.Tables.Select((t, i) => (t, i)).Where(p => p.t.Number == table.Number).Select(p => p.i)];
        return occurrence < candidates.Count ? candidates[occurrence] : -1;
    }

    private static Reading Failed(string error) => new(new WorkbookReading([error], new Dictionary<int, TableDocument>()), []);
}
