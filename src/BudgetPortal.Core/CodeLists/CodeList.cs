using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>The edition's label ("2024 年全国", "上海市 2025"); one list code may have several editions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Edition { get; init; }

    /// <summary>The fiscal year the edition is for; null for an edition of no particular year.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Year { get; init; }

    /// <summary>The region (a name in a disclosure's region trail) the edition is for; null for a national one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Region { get; init; }

    /// <summary>
    /// True only for an edition known to hold every code of its classification: then a code outside it is a 提示.
    /// An incomplete edition (the shipped lists, gathered from documents) only informs (信息) about unknown codes.
    /// </summary>
    public bool Complete { get; init; }

    public List<CodeEntry> Entries { get; init; } = [];

    /// <summary>"支出功能分类科目（2024 年全国，完整）" — how findings name the edition they were checked against.</summary>
    public string Label => $"{Name}（{Edition ?? "内置"}，{(Complete ? "完整" : "不完整")}）";

    public static CodeList Parse(string json, string source)
    {
        var list = JsonSerializer.Deserialize<CodeList>(json, DisclosureJson.Options)
            ?? throw new DisclosureFormatException(source, ["文件为空。"]);
        var errors = Validate(list);
        return errors.Count > 0 ? throw new DisclosureFormatException(source, errors) : list;
    }

    /// <summary>Codes are digits under the list's prefix, unique, and every 款/项 has its 类/款 in the list.</summary>
    public static List<string> Validate(CodeList list)
    {
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

        return errors;
    }
}

public sealed record CodeEntry(string Code, string Name);

/// <summary>
/// The loaded code lists, looked up by code (the first digit picks the list). May hold several editions of one list;
/// <see cref="For"/> picks the edition a disclosure is checked against.
/// </summary>
public sealed class CodeBook(IEnumerable<CodeList> lists)
{
    private readonly List<CodeList> _lists = lists.ToList();
    private Dictionary<string, (CodeList List, CodeEntry Entry)>? _byCode;

    public IReadOnlyList<CodeList> Lists => _lists;

    public bool Covers(string code) => _lists.Any(l => code.StartsWith(l.Prefix, StringComparison.Ordinal));

    /// <summary>A code's entry; with several editions, the one that <see cref="For"/> ordered first wins.</summary>
    public CodeEntry? Find(string code) => ListOf(code)?.Entry;

    /// <summary>The list (edition) holding the code, or, when none does, null.</summary>
    public (CodeList List, CodeEntry Entry)? ListOf(string code)
    {
        _byCode ??= _lists.SelectMany(l => l.Entries.Select(e => (l, e))).GroupBy(x => x.e.Code).ToDictionary(g => g.Key, g => g.First());
        return _byCode.TryGetValue(code, out var x) ? x : null;
    }

    /// <summary>The edition a code of this prefix is checked against (the first of that prefix).</summary>
    public CodeList? EditionFor(string code) => _lists.FirstOrDefault(l => code.StartsWith(l.Prefix, StringComparison.Ordinal));

    /// <summary>
    /// The editions for a disclosure of <paramref name="year"/> in <paramref name="regionTrail"/> (省 → 市 → 县): for each
    /// list, the edition of the most specific region in the trail (else a national one), and of that year (else the
    /// latest earlier year, else one of no year, else the earliest later year); among equals the one loaded last.
    /// </summary>
    public CodeBook For(int year, IReadOnlyList<string> regionTrail)
    {
        var chosen = _lists
            .Select((l, i) => (List: l, Order: i))
            .Where(x => x.List.Region is null || regionTrail.Contains(x.List.Region))
            .GroupBy(x => x.List.Code)
            .Select(g => g
                .OrderByDescending(x => x.List.Region is null ? -1 : IndexOf(regionTrail, x.List.Region))
                .ThenBy(x => x.List.Year == year ? 0 : x.List.Year < year ? 1 : x.List.Year is null ? 2 : 3)
                .ThenBy(x => x.List.Year is { } y ? Math.Abs(y - year) : 0)
                .ThenByDescending(x => x.Order)
                .First().List);
        return new CodeBook(chosen);

        static int IndexOf(IReadOnlyList<string> trail, string region)
        {
            for (var i = 0; i < trail.Count; i++)
            {
                if (trail[i] == region)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    public static CodeBook LoadFolder(string folder) =>
        new(Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => CodeList.Parse(File.ReadAllText(f), Path.GetFileName(f)))
            : []);
}
