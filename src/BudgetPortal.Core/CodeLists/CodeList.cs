using System.Text.Json;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.CodeLists;

/// <summary>
/// A classification code list: 支出功能分类 (functional, 类/款/项 = 3/5/7 digits), 部门预算支出经济分类 (30x, 3/5 digits) or
/// 政府预算支出经济分类 (50x). Stored as data in data/code-lists/*.json.
/// </summary>
public sealed record CodeList
{
    public const string SchemaId = "budgetportal/code-list@1";

    public string Schema { get; init; } = SchemaId;

    /// <summary><c>functional</c>, <c>economic-dept</c> or <c>economic-gov</c>.</summary>
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary>The first digit of every code in the list (2 functional, 3 部门预算经济, 5 政府预算经济).</summary>
    public string Prefix { get; init; } = "";

    public List<CodeEntry> Entries { get; init; } = [];

    public static CodeList Parse(string json, string source)
    {
        var list = JsonSerializer.Deserialize<CodeList>(json, DisclosureJson.Options)
            ?? throw new DisclosureFormatException(source, ["文件为空。"]);
        var errors = new List<string>();
        var seen = new HashSet<string>();
        foreach (var entry in list.Entries)
        {
            if (!entry.Code.All(char.IsAsciiDigit) || !entry.Code.StartsWith(list.Prefix, StringComparison.Ordinal))
            {
                errors.Add($"科目编码“{entry.Code}”无效：应为以 {list.Prefix} 开头的数字。");
            }
            else if (!seen.Add(entry.Code))
            {
                errors.Add($"科目编码“{entry.Code}”重复。");
            }
        }

        foreach (var entry in list.Entries.Where(e => e.Code.Length > 3))
        {
            var parent = entry.Code[..(entry.Code.Length - 2)];
            if (!seen.Contains(parent))
            {
                errors.Add($"科目“{entry.Code} {entry.Name}”的上级科目 {parent} 不在编码表中。");
            }
        }

        return errors.Count > 0 ? throw new DisclosureFormatException(source, errors) : list;
    }
}

public sealed record CodeEntry(string Code, string Name);

/// <summary>The loaded code lists, looked up by code (the first digit picks the list).</summary>
public sealed class CodeBook(IEnumerable<CodeList> lists)
{
    private readonly List<CodeList> _lists = lists.ToList();
    private readonly Dictionary<string, (CodeList List, CodeEntry Entry)> _byCode =
        lists.SelectMany(l => l.Entries.Select(e => (l, e))).ToDictionary(x => x.e.Code, x => (x.l, x.e));

    public IReadOnlyList<CodeList> Lists => _lists;

    public bool Covers(string code) => _lists.Any(l => code.StartsWith(l.Prefix, StringComparison.Ordinal));

    public CodeEntry? Find(string code) => _byCode.TryGetValue(code, out var x) ? x.Entry : null;

    public static CodeBook LoadFolder(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => CodeList.Parse(File.ReadAllText(f), Path.GetFileName(f)))
            : []);
}
