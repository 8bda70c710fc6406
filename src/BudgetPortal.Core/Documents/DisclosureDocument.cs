using System.Text.Json.Serialization;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// One disclosure (department × fiscal year × kind) exactly as published. This is the exchange format of the portal:
/// the reference data files, the API and the exports all use it (docs/disclosure-format.md).
/// </summary>
public sealed record DisclosureDocument
{
    public const string SchemaId = "budgetportal/disclosure@1";

    public string Schema { get; init; } = SchemaId;

    /// <summary>Stable identifier in URLs and the API (set by the portal on output; optional on input).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public List<string> Region { get; init; } = [];
    public DepartmentInfo Department { get; init; } = new();
    public int Year { get; init; }

    /// <summary><c>budget</c> (部门预算) or <c>final</c> (部门决算).</summary>
    public string Kind { get; init; } = "";

    public string? TableSet { get; init; }

    /// <summary>
    /// The label of the line naming the department above every table ("编制部门", "编制单位"), from the table set; null:
    /// <see cref="DefaultDepartmentLabel"/>. Output only: on input the set decides.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DepartmentLabel { get; init; }

    public const string DefaultDepartmentLabel = "部门名称";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Version { get; init; }

    /// <summary>
    /// When the version was published. On input (reference data, history import) the date the document states; absent
    /// when it states none: the portal never puts the day of an import in its place.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>批复日期: the day the finance department approved the budget or final account, when known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? ApprovedOn { get; init; }

    /// <summary>更正说明: why this version corrected the one before it (null for a first publication).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CorrectionNote { get; init; }

    /// <summary>
    /// 审核说明: the reviewer's explanation of the 错误 findings that stood when the version was published (publishing
    /// with a blocking finding needs one); shown beside the check report. Null when nothing needed explaining.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CheckExplanation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Links { get; init; }

    public List<NarrativeSection> Sections { get; init; } = [];
    public List<TableDocument> Tables { get; init; } = [];
}

public sealed record DepartmentInfo
{
    public string Name { get; init; } = "";
    public string? Code { get; init; }
    public List<UnitInfo> Units { get; init; } = [];
}

public sealed record UnitInfo
{
    public string? Code { get; init; }
    public string Name { get; init; } = "";

    /// <summary>本级 (the department's own office) or 所属单位.</summary>
    public string? Kind { get; init; }

    /// <summary>
    /// 单位类型: 行政单位, 参照公务员法管理事业单位 or 事业单位 (<see cref="UnitCategoryNames"/>); null when not recorded.
    /// Whether 机关运行经费 equals 公用经费 depends on it (RULES.md J25).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Category { get; init; }
}

/// <summary>The three unit categories of the exchange format and the short forms in which they are written.</summary>
public static class UnitCategoryNames
{
    public const string Administrative = "行政单位";
    public const string CivilServiceManaged = "参照公务员法管理事业单位";
    public const string Institution = "事业单位";

    public static readonly IReadOnlyList<string> All = [Administrative, CivilServiceManaged, Institution];

    /// <summary>The full name of a category written in full or in a usual short form (参公单位, 参公事业单位); null otherwise.</summary>
    public static string? Normalise(string? text) => text?.Trim() switch
    {
        "行政单位" or "行政" => Administrative,
        "参照公务员法管理事业单位" or "参公事业单位" or "参公单位" or "参公" => CivilServiceManaged,
        "事业单位" or "事业" => Institution,
        _ => null,
    };

    /// <summary>
    /// True when the disclosure lists its units and every one is a 行政单位 or 参公事业单位: then 机关运行经费 covers all of
    /// them and equals 公用经费. False when a unit is an ordinary 事业单位 or a unit's category is not recorded.
    /// </summary>
    public static bool AllAdministrative(DisclosureDocument document) =>
        document.Department.Units.Count > 0
        && document.Department.Units.All(u => Normalise(u.Category) is Administrative or CivilServiceManaged);
}

public sealed record NarrativeSection
{
    public string Key { get; init; } = "other";
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
}

public sealed record TableDocument
{
    public string Number { get; init; } = "";
    public string? Code { get; init; }
    public string Title { get; init; } = "";
    public string? Unit { get; init; }
    public int Decimals { get; init; } = 2;
    public List<ColumnNode> Columns { get; init; } = [];
    public List<RowDocument> Rows { get; init; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<FieldLine>? Fields { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Footnotes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EmptyNote { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Missing { get; init; }

    /// <summary>The leaf columns, left to right: one per cell of every row.</summary>
    public IReadOnlyList<ColumnNode> Leaves() => ColumnNode.Leaves(Columns);

    /// <summary>
    /// True when the table prints no data: no figure in any numeric column (labels such as "合计" or classification
    /// names alone are not data, nor is the 栏次 row "1 2 3"), or, for a table without numeric columns, no filled cell at all.
    /// </summary>
    public bool HasNoData()
    {
        var leaves = Leaves();
        var numeric = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].IsNumeric).ToList();
        return numeric.Count > 0
            ? Rows.Where(r => r.Role != RowRoles.ColumnNumbers).All(r => numeric.All(i => i >= r.Cells.Count || r.Cells[i].IsBlank))
            : Rows.All(r => r.Cells.All(c => c.IsBlank));
    }
}

public sealed record FieldLine
{
    public string Label { get; init; } = "";
    public string? Value { get; init; }

    /// <summary><c>after</c> for lines printed below the grid; null for lines above it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Position { get; init; }
}

public sealed record ColumnNode
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    public string Title { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>
    /// For a column of last year's figures (上年数, 上年预算数): the key of the column of the same table whose figure of
    /// the previous year's disclosure it repeats. A new draft started from that disclosure may fill it (<c>CarryForward</c>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PriorYearOf { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ColumnNode>? Children { get; init; }

    [JsonIgnore]
    public bool IsLeaf => Children is null || Children.Count == 0;

    [JsonIgnore]
    public bool IsNumeric => ColumnTypes.IsNumeric(Type);

    public static IReadOnlyList<ColumnNode> Leaves(IEnumerable<ColumnNode> columns)
    {
        var result = new List<ColumnNode>();
        Collect(columns, result);
        return result;

        static void Collect(IEnumerable<ColumnNode> nodes, List<ColumnNode> into)
        {
            foreach (var node in nodes)
            {
                if (node.IsLeaf)
                {
                    into.Add(node);
                }
                else
                {
                    Collect(node.Children!, into);
                }
            }
        }
    }

    /// <summary>
    /// The full header of each leaf, left to right, its groups joined by " / " ("本年收入 / 合计"): a leaf's title alone
    /// is ambiguous where two groups repeat it.
    /// </summary>
    public static IReadOnlyList<string> LeafPaths(IEnumerable<ColumnNode> columns)
    {
        var result = new List<string>();
        Collect(columns, "", result);
        return result;

        static void Collect(IEnumerable<ColumnNode> nodes, string prefix, List<string> into)
        {
            foreach (var node in nodes)
            {
                var path = prefix.Length == 0 ? node.Title : $"{prefix} / {node.Title}";
                if (node.IsLeaf)
                {
                    into.Add(path);
                }
                else
                {
                    Collect(node.Children!, path, into);
                }
            }
        }
    }

    /// <summary>Depth of the header tree (1 for a flat header).</summary>
    public static int Depth(IEnumerable<ColumnNode> columns) =>
        columns.Select(c => c.IsLeaf ? 1 : 1 + Depth(c.Children!)).DefaultIfEmpty(0).Max();
}

public sealed record RowDocument
{
    /// <summary>
    /// Table sets only: the stable key of a fixed row, by which rules address it (docs/table-set-format.md). Not part of
    /// a disclosure: a disclosure's rows are found by the printed items of the set's keyed row.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Level { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>Derived from the columns with role <c>code</c> (output only; recomputed on input).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UnitCode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Project { get; init; }

    public List<CellValue> Cells { get; init; } = [];
}

public static class ColumnTypes
{
    public const string Code = "code";
    public const string Text = "text";
    public const string Amount = "amount";
    public const string Percent = "percent";
    public const string Count = "integer";
    public const string Number = "decimal";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Code, Text, Amount, Percent, Count, Number };

    public static bool IsNumeric(string? type) => type is Amount or Percent or Count or Number;
}

public static class ColumnRoles
{
    public const string Code = "code";
    public const string Name = "name";
    public const string Unit = "unit";
    public const string Project = "project";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Code, Name, Unit, Project };
}

public static class RowRoles
{
    public const string Total = "total";
    public const string ColumnNumbers = "colnum";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Total, ColumnNumbers };
}

public static class DisclosureKinds
{
    public const string Budget = "budget";
    public const string Final = "final";

    public static string ToChinese(string kind) => kind == Final ? "部门决算" : "部门预算";
}
