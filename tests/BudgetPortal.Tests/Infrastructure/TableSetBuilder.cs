using BudgetPortal.Core.Checks;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// A table set with valid defaults (a budget set of the 测试省 region, no tables, no rules), as a region would upload it:
/// <c>TableSetBuilder.Budget("xinshi-county-budget", "新市县部门预算公开表").WithTable(...).WithRule(...).ToJson()</c>.
/// </summary>
public sealed class TableSetBuilder
{
    private readonly string _code;
    private readonly string _name;
    private readonly string _kind;
    private string? _region = "测试省";
    private string? _departmentLabel;
    private readonly List<TableTemplateDefinition> _tables = [];
    private readonly List<CheckRule> _rules = [];

    private TableSetBuilder(string code, string name, string kind)
    {
        _code = code;
        _name = name;
        _kind = kind;
    }

    public static TableSetBuilder Budget(string code, string name) => new(code, name, "budget");

    public static TableSetBuilder FinalAccount(string code, string name) => new(code, name, "final");

    public TableSetBuilder InRegion(string region)
    {
        _region = region;
        return this;
    }

    public TableSetBuilder WithDepartmentLabel(string label)
    {
        _departmentLabel = label;
        return this;
    }

    public TableSetBuilder WithTable(TableBuilder table, string rowKind = "fixed", bool required = true)
    {
        _tables.Add(table.BuildTemplate(rowKind, required));
        return this;
    }

    public TableSetBuilder WithRule(CheckRule rule)
    {
        _rules.Add(rule);
        return this;
    }

    public TableSetDefinition Build() => new()
    {
        Code = _code,
        Name = _name,
        Kind = _kind,
        Region = _region,
        DepartmentLabel = _departmentLabel,
        Tables = [.. _tables],
        Rules = [.. _rules],
    };

    /// <summary>The set as a file (docs/table-set-format.md), validated by the portal's own parser first.</summary>
    public string ToJson()
    {
        var json = TableSetJson.Serialize(Build());
        TableSetJson.Parse(json, _code);
        return json;
    }
}
