using System.Text.Json.Serialization;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// A consistency rule (勾稽关系) declared with a table set. One record for every kind; which fields a rule uses depends
/// on its <see cref="Kind"/> (docs/table-set-format.md):
/// <list type="bullet">
/// <item><c>sum</c>: <see cref="Left"/> = Σ <see cref="Right"/> (an equality between tables is a sum of one term).</item>
/// <item><c>rows</c>: in <see cref="Table"/>, for every data row: <see cref="Target"/> = Σ <see cref="Parts"/>.</item>
/// <item><c>hierarchy</c>: in <see cref="Table"/>, over <see cref="Columns"/>: 类 = Σ款, 款 = Σ项, 合计 = Σ类 (by code prefix;
/// <see cref="Column"/> names another code column for a side-by-side block, whose total is then not checked).</item>
/// <item><c>levels</c>: in <see cref="Table"/>: a row = Σ the rows one level deeper under it (units and their projects).</item>
/// <item><c>codes</c>: every code row of <see cref="Table"/>.<see cref="Column"/> equals the same code in
/// <see cref="OtherTable"/>.<see cref="OtherColumn"/> (<see cref="Relation"/> <c>eq</c> or <c>le</c>).</item>
/// <item><c>completion</c>: a final account's <see cref="Table"/> against <see cref="OtherTable"/> of the same department's
/// budget of that year, code by code over <see cref="Columns"/>: 完成年初预算的 X% (informational).</item>
/// <item><c>classes</c>: the rows of <see cref="Table"/> whose item beside <see cref="Column"/> names a 类 of the
/// functional classification (by the code lists' names, ordinal such as "五、" ignored, or <see cref="Aliases"/>): with
/// <see cref="OtherTable"/>, each such row equals the same 类 code in <see cref="OtherTable"/>.<see cref="OtherColumn"/>
/// (one finding per 类, rule id <c>{Id}-{code}</c>); with <see cref="Left"/>, that figure = Σ the 类 rows.</item>
/// <item><c>text</c>: every match of <see cref="Pattern"/> in the narrative sections (group <c>amount</c>, in the unit
/// of group <c>unit</c> or the text matched after the amount, else 万元) against
/// the figure <see cref="Left"/>, or, with a group <c>name</c> (and optionally <c>parent</c>), against the row of that
/// name in <see cref="Table"/>.<see cref="Column"/>; <see cref="Relation"/> <c>le</c>: text ≤ table.</item>
/// </list>
/// </summary>
public sealed record CheckRule
{
    public const string EqualIfAdministrative = "eq-if-administrative";

    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Description { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CellTerm? Left { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<CellTerm>? Right { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Table { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    /// <summary>Column keys to add; a leading "-" subtracts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Parts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Columns { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Column { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OtherTable { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OtherColumn { get; init; }

    /// <summary>
    /// <c>eq</c> (default), <c>le</c> (left ≤ right), or <c>eq-if-administrative</c> (<see cref="EqualIfAdministrative"/>:
    /// = when every unit of the disclosure is a 行政单位 or 参公事业单位, else ≤; 机关运行经费 against 公用经费, J25).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Relation { get; init; }

    /// <summary>For <c>text</c>: a .NET regular expression over the narrative, with a named group <c>amount</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pattern { get; init; }

    /// <summary>For <c>classes</c>: printed 类 names that differ from the code lists' (e.g. "城乡社区事务"), by 类 code.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Aliases { get; init; }

    /// <summary>
    /// For <c>narrative</c>: which check of the narrative reader the rule runs (<c>blank</c>, <c>leftover</c>, <c>repeat</c>,
    /// <c>share</c>, <c>change</c>, <c>completion</c>, <c>reason</c>, <c>sum</c>, <c>definition</c>, <c>year</c>, <c>name</c>; see
    /// docs/table-set-format.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Check { get; init; }

    /// <summary>
    /// The class of what the rule finds when a figure cannot be explained by rounding: <c>error</c> (错误, blocks publishing),
    /// <c>warning</c> (警告) or <c>hint</c> (提示). Unset: the rule kind's default.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Level { get; init; }

    /// <summary>For <c>narrative</c> <c>reason</c>: the change (in percent) from which a reason must be given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Threshold { get; init; }

    /// <summary>For <c>narrative</c> <c>leftover</c>: the template phrases that must not remain (default list when unset).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Phrases { get; init; }

    /// <summary>
    /// For <c>narrative</c> <c>definition</c>: each defined figure and the economic classes it is the sum of
    /// (<c>{"人员经费": ["301 工资福利支出", "303 对个人和家庭的补助"]}</c>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<string>>? Definitions { get; init; }

    /// <summary>For <c>rows</c>: which rows (<c>all</c> default, <c>coded</c> = rows with a classification code).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RowFilter { get; init; }
}

/// <summary>One figure: a table (by role code), a row (by code, stable key, 类, or the total row) and a column key.</summary>
public sealed record CellTerm
{
    public string Table { get; init; } = "";
    public RowSelector Row { get; init; } = new();
    public string Column { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Sign { get; init; } = 1;
}

public sealed record RowSelector
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    /// <summary>
    /// The stable key of a fixed row of the table set (<c>fixedRows[].key</c>): found in a disclosure by that row's
    /// printed items and, where the same items are printed more than once, by their occurrence.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    /// <summary>A 类 code (3 digits) of the functional classification, for rows that print the 类 by name ("二、教育支出").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Class { get; init; }

    /// <summary>With <see cref="Name"/> or <see cref="Text"/>: which of several rows printing that label (1 = the first).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Occurrence { get; init; }

    /// <summary>Row name, compared without spaces and with full-width and half-width punctuation treated alike.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>Text in any text cell of the row (for two-sided tables whose right side has its own item column).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary>The first row marked as a total (合计).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Total { get; init; }

    public override string ToString() =>
        Total ? "合计行" : Code is not null ? $"科目 {Code}" : Key is not null ? $"固定项“{Key}”" : Class is not null ? $"类 {Class}"
        : (Name is not null ? $"“{Name}”行" : $"“{Text}”行") + (Occurrence > 1 ? $"（第 {Occurrence} 处）" : "");
}
