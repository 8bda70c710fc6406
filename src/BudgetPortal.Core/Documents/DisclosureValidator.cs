using System.Text.RegularExpressions;

namespace BudgetPortal.Core.Documents;

/// <summary>Checks a disclosure document against the format; every message names where the problem is.</summary>
public static partial class DisclosureValidator
{
    private static readonly HashSet<string> SectionKeys = ["management", "overview", "explanation", "glossary", "performance", "other"];

    public static IReadOnlyList<string> Validate(DisclosureDocument d)
    {
        var errors = new List<string>();
        if (d.Schema != DisclosureDocument.SchemaId)
        {
            errors.Add($"schema 应为“{DisclosureDocument.SchemaId}”，而不是“{d.Schema}”。");
        }

        if (string.IsNullOrWhiteSpace(d.Slug) || !SlugPattern().IsMatch(d.Slug))
        {
            errors.Add($"slug“{d.Slug}”无效：只能由小写字母、数字和连字符组成。");
        }

        if (string.IsNullOrWhiteSpace(d.Department.Name))
        {
            errors.Add("缺少部门名称（department.name）。");
        }

        for (var u = 0; u < d.Department.Units.Count; u++)
        {
            var unit = d.Department.Units[u];
            if (string.IsNullOrWhiteSpace(unit.Name))
            {
                errors.Add($"department.units[{u}]：缺少单位名称（name）。");
            }

            if (unit.Category is not null && UnitCategoryNames.Normalise(unit.Category) is null)
            {
                errors.Add($"department.units[{u}].category“{unit.Category}”无效，应为{string.Join("、", UnitCategoryNames.All)}之一。");
            }
        }

        if (d.Region.Count is < 1 or > 3 || d.Region.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("region 应为从省到市、县的 1 至 3 级地区名称。");
        }

        if (d.Year is < 1990 or > 2100)
        {
            errors.Add($"年度 {d.Year} 不在合理范围内。");
        }

        if (d.Kind is not (DisclosureKinds.Budget or DisclosureKinds.Final))
        {
            errors.Add($"kind 应为 budget（部门预算）或 final（部门决算），而不是“{d.Kind}”。");
        }

        for (var s = 0; s < d.Sections.Count; s++)
        {
            var section = d.Sections[s];
            if (!SectionKeys.Contains(section.Key))
            {
                errors.Add($"第 {s + 1} 个说明部分“{section.Title}”：key“{section.Key}”无效。");
            }
        }

        for (var t = 0; t < d.Tables.Count; t++)
        {
            ValidateTable(d.Tables[t], t + 1, errors);
        }

        return errors;
    }

    public static void ValidateTable(TableDocument table, int position, List<string> errors)
    {
        var where = $"第 {position} 张表（{table.Number} {table.Title}）";
        if (string.IsNullOrWhiteSpace(table.Number) || string.IsNullOrWhiteSpace(table.Title))
        {
            errors.Add($"{where}：缺少表号或标题。");
        }

        if (table.Missing)
        {
            if (table.Rows.Count > 0)
            {
                errors.Add($"{where}：标记为缺失的表不应有数据行。");
            }

            return;
        }

        var leaves = table.Leaves();
        if (leaves.Count == 0)
        {
            errors.Add($"{where}：没有列。");
        }

        var keys = new HashSet<string>();
        foreach (var leaf in leaves)
        {
            if (leaf.Key is null || !KeyPattern().IsMatch(leaf.Key))
            {
                errors.Add($"{where}：列“{leaf.Title}”的 key“{leaf.Key}”无效（应为小写英文、数字和下划线）。");
            }
            else if (!keys.Add(leaf.Key))
            {
                errors.Add($"{where}：列 key“{leaf.Key}”重复。");
            }

            if (leaf.Type is null || !ColumnTypes.All.Contains(leaf.Type))
            {
                errors.Add($"{where}：列“{leaf.Title}”的类型“{leaf.Type}”无效。");
            }

            if (leaf.Role is not null && !ColumnRoles.All.Contains(leaf.Role))
            {
                errors.Add($"{where}：列“{leaf.Title}”的 role“{leaf.Role}”无效。");
            }
        }

        foreach (var leaf in leaves.Where(l => l.PriorYearOf is not null))
        {
            if (!leaf.IsNumeric || leaves.All(l => l.Key != leaf.PriorYearOf || !l.IsNumeric || ReferenceEquals(l, leaf)))
            {
                errors.Add($"{where}：列“{leaf.Title}”的 priorYearOf“{leaf.PriorYearOf}”应指向本表另一数值列的 key，且本列须为数值列。");
            }
        }

        if (leaves.Count(l => l.Role == ColumnRoles.Name) > 1)
        {
            errors.Add($"{where}：只能有一列的 role 为 name。");
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            if (row.Cells.Count != leaves.Count)
            {
                errors.Add($"{where} 第 {r + 1} 行：有 {row.Cells.Count} 个单元格，应为 {leaves.Count} 个。");
                continue;
            }

            if (row.Role is not null && !RowRoles.All.Contains(row.Role))
            {
                errors.Add($"{where} 第 {r + 1} 行：role“{row.Role}”无效。");
            }

            for (var c = 0; c < leaves.Count; c++)
            {
                var cell = row.Cells[c];
                if (leaves[c].IsNumeric && cell.Text is { } text && !AmountParser.IsMark(text))
                {
                    errors.Add($"{where} 第 {r + 1} 行“{leaves[c].Title}”列：应为数字，实为文本“{text}”。");
                }
                else if (!leaves[c].IsNumeric && cell.Number is not null)
                {
                    errors.Add($"{where} 第 {r + 1} 行“{leaves[c].Title}”列：文本列中出现数字 {cell.Number}，请写成字符串。");
                }
            }
        }

        foreach (var v in StorageLimits.Check(table, codes: false))
        {
            errors.Add(v.Row < 0
                ? $"{where} 第 {v.Column + 1} 个字段“{table.Fields![v.Column].Label}”：{v.Message}。"
                : $"{where} 第 {v.Row + 1} 行“{leaves[v.Column].Title}”列：{v.Message}。");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
