using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// A table with valid defaults (万元, two decimals, no rows), built column by column and row by row:
/// <c>TableBuilder.Classified("表3", "expenditure", "支出预算总表", ("total", "合计"), ("basic", "基本支出")).WithTotal(10m, 10m).WithCodedRow("213", "农林水支出", 10m, 10m).Build()</c>.
/// Rows get their identity (code, name) and a coded row its level from its code, as stored tables have them.
/// </summary>
public sealed class TableBuilder
{
    private readonly string _number;
    private readonly string _code;
    private readonly string _title;
    private string? _unit = "万元";
    private int _decimals = 2;
    private string? _emptyNote;
    private readonly List<ColumnNode> _columns = [];
    private readonly List<RowDocument> _rows = [];
    private readonly List<FieldLine> _fields = [];

    private TableBuilder(string number, string code, string title)
    {
        _number = number;
        _code = code;
        _title = title;
    }

    /// <summary>A table with no columns yet.</summary>
    public static TableBuilder Table(string number, string code, string title) => new(number, code, title);

    /// <summary>A classified table: 科目编码 and 科目名称, then the given amount columns (key, title).</summary>
    public static TableBuilder Classified(string number, string code, string title, params (string Key, string Title)[] amounts)
    {
        var builder = new TableBuilder(number, code, title)
            .WithColumn("code", "科目编码", ColumnTypes.Code, ColumnRoles.Code)
            .WithColumn("name", "科目名称", ColumnTypes.Text, ColumnRoles.Name);
        foreach (var (key, columnTitle) in amounts)
        {
            builder.WithColumn(key, columnTitle);
        }

        return builder;
    }

    public TableBuilder WithColumn(string key, string title, string type = ColumnTypes.Amount, string? role = null, string? priorYearOf = null)
    {
        _columns.Add(new ColumnNode { Key = key, Title = title, Type = type, Role = role, PriorYearOf = priorYearOf });
        return this;
    }

    /// <summary>Columns made elsewhere (shared with a table set's definition), taken as they are.</summary>
    public TableBuilder WithColumns(params ColumnNode[] columns)
    {
        _columns.AddRange(columns);
        return this;
    }

    /// <summary>A header group (a column with children): the given amount columns (key, title) under <paramref name="title"/>.</summary>
    public TableBuilder WithGroup(string title, params (string Key, string Title)[] amounts) => WithGroup(title, [.. amounts.Select(a => Amount(a.Key, a.Title))]);

    /// <summary>A header group of any depth: <c>WithGroup("本年收入", Amount("current", "合计"), Group("其中", Amount(…), Amount(…)))</c>.</summary>
    public TableBuilder WithGroup(string title, params ColumnNode[] children)
    {
        _columns.Add(Group(title, children));
        return this;
    }

    /// <summary>An amount column, for <see cref="WithGroup(string, ColumnNode[])"/>.</summary>
    public static ColumnNode Amount(string key, string title) => new() { Key = key, Title = title, Type = ColumnTypes.Amount };

    /// <summary>A header group inside another, for <see cref="WithGroup(string, ColumnNode[])"/>.</summary>
    public static ColumnNode Group(string title, params ColumnNode[] children) => new() { Title = title, Children = [.. children] };

    /// <summary>A labelled line of a form printed around the grid (绩效自评表: 部门名称, 总评价得分 …).</summary>
    public TableBuilder WithField(string label, string value, string? position = null)
    {
        _fields.Add(new FieldLine { Label = label, Value = value, Position = position });
        return this;
    }

    /// <summary>The table printed with no unit (a form of texts and scores).</summary>
    public TableBuilder WithoutUnit()
    {
        _unit = null;
        return this;
    }

    public TableBuilder InUnit(string unit, int decimals)
    {
        _unit = unit;
        _decimals = decimals;
        return this;
    }

    public TableBuilder WithEmptyNote(string note)
    {
        _emptyNote = note;
        return this;
    }

    /// <summary>A row of a classified table: its code and name in their columns, the amounts in the numeric columns in order (null = blank).</summary>
    public TableBuilder WithCodedRow(string code, string name, params decimal?[] amounts)
    {
        _rows.Add(new RowDocument { Level = ClassificationTree.LevelOf(code), Cells = Cells(code, name, amounts) });
        return this;
    }

    /// <summary>A printed item (a fixed row): its name in the name column, the amounts in the numeric columns in order.</summary>
    public TableBuilder WithItem(string name, params decimal?[] amounts)
    {
        _rows.Add(new RowDocument { Cells = Cells(null, name, amounts) });
        return this;
    }

    /// <summary>The 合计 row (role total): "合计" in the name column, the amounts in the numeric columns in order.</summary>
    public TableBuilder WithTotal(params decimal?[] amounts)
    {
        _rows.Add(new RowDocument { Role = RowRoles.Total, Cells = Cells(null, "合计", amounts) });
        return this;
    }

    /// <summary>Rows made elsewhere (a test's own helper), taken as they are.</summary>
    public TableBuilder WithRows(params RowDocument[] rows)
    {
        _rows.AddRange(rows);
        return this;
    }

    /// <summary>A row given cell by cell: a string is text, a decimal a figure, null blank.</summary>
    public TableBuilder WithCells(params object?[] cells) => WithRow(null, cells);

    /// <summary>A row of a role (<see cref="RowRoles"/>: 栏次, 合计 …) given cell by cell: a string is text, a decimal a figure, null blank.</summary>
    public TableBuilder WithRow(string? role, params object?[] cells)
    {
        _rows.Add(new RowDocument
        {
            Role = role,
            Cells = [.. cells.Select(c => c switch
            {
                null => CellValue.Blank,
                decimal d => CellValue.Of(d),
                string s => CellValue.Of(s),
                _ => throw new ArgumentException($"单元格只能是文本、decimal 或 null：{c.GetType().Name}", nameof(cells)),
            })],
        });
        return this;
    }

    public TableDocument Build() => RowIdentity.Apply(new TableDocument
    {
        Number = _number,
        Code = _code,
        Title = _title,
        Unit = _unit,
        Decimals = _decimals,
        Columns = [.. _columns],
        Rows = [.. _rows],
        EmptyNote = _emptyNote,
        Fields = _fields.Count > 0 ? [.. _fields] : null,
    });

    /// <summary>The table as a table set declares it: its columns, and its rows (figures blank) as fixed rows when <paramref name="rowKind"/> is fixed.</summary>
    public TableTemplateDefinition BuildTemplate(string rowKind = "fixed", bool required = true)
    {
        var table = Build();
        var numeric = table.Leaves().Select(l => l.IsNumeric).ToList();
        return new TableTemplateDefinition
        {
            Number = _number,
            Code = _code,
            Title = _title,
            Unit = _unit,
            Decimals = _decimals,
            RowKind = rowKind,
            Columns = [.. _columns],
            FixedRows = rowKind == "fixed" && _rows.Count > 0
                ? [.. _rows.Select(r => new RowDocument { Role = r.Role, Level = r.Level, Cells = [.. r.Cells.Select((c, i) => i < numeric.Count && numeric[i] ? CellValue.Blank : c)] })]
                : null,
            EmptyNote = _emptyNote,
            Required = required,
        };
    }

    private List<CellValue> Cells(string? code, string? name, decimal?[] amounts)
    {
        var leaves = ColumnNode.Leaves(_columns);
        var next = 0;
        var cells = new List<CellValue>(leaves.Count);
        var codeGiven = false;
        foreach (var leaf in leaves)
        {
            if (leaf.IsNumeric)
            {
                cells.Add(next < amounts.Length && amounts[next] is { } amount ? CellValue.Of(amount) : CellValue.Blank);
                next++;
            }
            else if (leaf.Role == ColumnRoles.Code && !codeGiven)
            {
                cells.Add(CellValue.Of(code));
                codeGiven = true;
            }
            else
            {
                cells.Add(leaf.Role == ColumnRoles.Name ? CellValue.Of(name) : CellValue.Blank);
            }
        }

        if (next < amounts.Length)
        {
            throw new ArgumentException($"表“{_title}”只有 {next} 个数值列，给了 {amounts.Length} 个数。", nameof(amounts));
        }

        return cells;
    }
}
