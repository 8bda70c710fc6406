using System.Text.Json;
using System.Text.Json.Serialization;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.TableSets;

/// <summary>
/// A table set: the ordered numbered tables a region's disclosures of one kind must hold, with their column trees,
/// and the consistency rules that must hold between their figures (docs/table-set-format.md).
/// </summary>
public sealed record TableSetDefinition
{
    public const string SchemaId = "budgetportal/table-set@1";

    public string Schema { get; init; } = SchemaId;
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";

    /// <summary><c>budget</c> or <c>final</c>.</summary>
    public string Kind { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Region { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>
    /// The label of the line naming the department above every table, as the region's documents print it ("编制部门",
    /// "编制单位"); null: <see cref="DisclosureDocument.DefaultDepartmentLabel"/> (部门名称).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DepartmentLabel { get; init; }

    public List<TableTemplateDefinition> Tables { get; init; } = [];
    public List<CheckRule> Rules { get; init; } = [];

    public IReadOnlyList<TableRequirement> Requirements() =>
        Tables.Where(t => t.Required).Select(t => new TableRequirement(t.Number, t.Code, t.Title)).DistinctBy(r => r.Code ?? r.Number + r.Title).ToList();
}

public sealed record TableTemplateDefinition
{
    public string Number { get; init; } = "";
    public string? Code { get; init; }
    public string Title { get; init; } = "";
    public string? Unit { get; init; } = "万元";
    public int Decimals { get; init; } = 2;

    /// <summary><c>fixed</c>, <c>functional</c>, <c>economic</c>, <c>units</c>, <c>projects</c>, <c>indicators</c>, <c>form</c>.</summary>
    public string RowKind { get; init; } = "fixed";

    public List<ColumnNode> Columns { get; init; } = [];

    /// <summary>Fixed items printed in every disclosure of the set (收支总表), as rows to pre-fill a draft with.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<RowDocument>? FixedRows { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EmptyNote { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Footnotes { get; init; }

    /// <summary>False for forms that appear once per project (项目绩效目标表) and tables a region may leave out.</summary>
    public bool Required { get; init; } = true;

    /// <summary>The table as a new draft (or a blank workbook) starts it: its columns and fixed rows, no figures.</summary>
    public TableDocument BlankTable() => RowIdentity.Apply(new TableDocument
    {
        Number = Number,
        Code = Code,
        Title = Title,
        Unit = Unit,
        Decimals = Decimals,
        Columns = Columns,
        Rows = [.. (FixedRows ?? []).Select(r => r with { Key = null })],
        EmptyNote = EmptyNote,
        Footnotes = Footnotes,
    });
}

public static class TableSetJson
{
    public static readonly JsonSerializerOptions Options = DisclosureJson.Options;

    /// <summary>Parses and validates a table-set file; throws with every problem listed in Chinese.</summary>
    public static TableSetDefinition Parse(string json, string source)
    {
        TableSetDefinition? set;
        try
        {
            set = JsonSerializer.Deserialize<TableSetDefinition>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new DisclosureFormatException(source, [$"JSON 格式错误（第 {ex.LineNumber + 1} 行）：{ex.Message}"]);
        }

        if (set is null)
        {
            throw new DisclosureFormatException(source, ["文件为空。"]);
        }

        var errors = TableSetValidator.Validate(set);
        return errors.Count > 0 ? throw new DisclosureFormatException(source, errors) : set;
    }

    public static string Serialize(TableSetDefinition set) => JsonSerializer.Serialize(set, Options);
}
