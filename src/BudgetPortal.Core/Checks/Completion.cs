using System.Globalization;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// The <c>completion</c> rule of a final account (决算): each functional code and the total of
/// <see cref="CheckRule.Table"/> against the same code in the same department's budget (年初预算) of that year, as
/// 完成年初预算的 X%. The findings are informational: a final account may legitimately differ from its budget, and
/// the narrative must explain why. Budget columns are matched by key, else by the leaf title (合计, 基本支出, 项目支出),
/// else by a parent of that title with its 小计/合计 leaf (layouts that split 基本支出 into 人员经费 and 公用经费).
/// A blank figure is not zero: a blank final figure gives no rate and no difference.
/// </summary>
public static class Completion
{
    public const string Description = "决算与年初预算对比（完成年初预算的比例）";

    /// <summary>
    /// The execution comparison of a final account with its budget: the findings of the table set's own
    /// <c>completion</c> rules, the same the check report shows (the comparison page has no rule of its own).
    /// </summary>
    public static List<Finding> Execution(DisclosureDocument final, DisclosureDocument? budget, IEnumerable<CheckRule> rules)
    {
        var findings = new List<Finding>();
        foreach (var rule in rules.Where(r => r.Kind == "completion"))
        {
            Run(final, budget, rule, findings);
        }

        return findings;
    }

    public static void Run(DisclosureDocument final, DisclosureDocument? budget, CheckRule rule, List<Finding> findings)
    {
        if (budget is null)
        {
            findings.Add(Info(rule, null, null, null, null, null,
                $"本平台未收录该部门 {final.Year} 年度的部门预算，无法计算完成率。"));
            return;
        }

        var table = final.Tables.FirstOrDefault(t => !t.Missing && t.Code == rule.Table);
        var other = budget.Tables.FirstOrDefault(t => !t.Missing && t.Code == (rule.OtherTable ?? rule.Table));
        if (table is null || other is null)
        {
            findings.Add(Info(rule, null, null, null, null, null,
                $"{final.Year} 年度部门预算“{budget.Title}”中没有可比的表，无法计算完成率。"));
            return;
        }

        var leaves = table.Leaves();
        var columns = (rule.Columns ?? [.. leaves.Where(l => l.Type == ColumnTypes.Amount).Select(l => l.Key!)])
            .Select(key => (Index: IndexOf(leaves, key), Title: leaves.FirstOrDefault(l => l.Key == key)?.Title ?? key,
                Other: BudgetColumn(other, key, leaves.FirstOrDefault(l => l.Key == key)?.Title)))
            .Where(c => c.Index >= 0 && c.Other >= 0)
            .ToList();
        // A budget printed in another unit than the final account is stated in the final account's unit.
        var unit = AmountUnit.OfTable(table);
        var otherUnit = AmountUnit.OfTable(other);
        var label = $"{table.Number} {table.Title}";
        foreach (var row in table.Rows.Where(r => r.Role == RowRoles.Total || r.Code is not null))
        {
            var match = row.Role == RowRoles.Total
                ? other.Rows.FirstOrDefault(r => r.Role == RowRoles.Total)
                : other.Rows.FirstOrDefault(r => r.Code == row.Code && r.Role != RowRoles.Total);
            var rowLabel = row.Role == RowRoles.Total ? "合计" : $"{row.Code} {row.Name}";
            foreach (var (index, title, otherIndex) in columns)
            {
                var actual = Number(row, index);
                decimal? planned = match is not null && Number(match, otherIndex) is { } p ? otherUnit.To(unit, p) : null;
                if (actual is null && planned is null)
                {
                    continue;
                }

                var message = planned is null or 0m
                    ? "年初预算未安排（预算表中无此科目或为零）。"
                    : actual is null
                        ? "决算数为空（空白不是零，不计算完成率）。"
                        : $"完成年初预算的 {(actual.Value / planned.Value * 100m).ToString("0.00", CultureInfo.InvariantCulture)}%。";
                findings.Add(Info(rule, label, rowLabel, title, planned, actual, message) with { Unit = unit.Name });
            }
        }
    }

    private static Finding Info(CheckRule rule, string? table, string? row, string? column, decimal? planned, decimal? actual, string message) =>
        Comparison.Note(rule, Severity.Info, message, table, row, Description) with
        {
            Column = column,
            Expected = planned,
            Actual = actual,
            Difference = planned is { } p && actual is { } a ? a - p : null,
        };

    private static decimal? Number(RowDocument row, int index) => index < row.Cells.Count ? row.Cells[index].Number : null;

    private static int IndexOf(IReadOnlyList<ColumnNode> leaves, string key)
    {
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private static int BudgetColumn(TableDocument budget, string key, string? title)
    {
        var leaves = budget.Leaves();
        var byKey = IndexOf(leaves, key);
        if (byKey >= 0 || title is null)
        {
            return byKey;
        }

        var wanted = CheckEngine.NormalizeName(title);
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Type == ColumnTypes.Amount && CheckEngine.NormalizeName(leaves[i].Title) == wanted)
            {
                return i;
            }
        }

        var parent = FindNode(budget.Columns, wanted);
        var subtotal = parent?.Children?.FirstOrDefault(c => c.Children is null && c.Title is "小计" or "合计");
        return subtotal?.Key is { } subtotalKey ? IndexOf(leaves, subtotalKey) : -1;
    }

    private static ColumnNode? FindNode(IEnumerable<ColumnNode> nodes, string normalizedTitle)
    {
        foreach (var node in nodes)
        {
            if (node.Children is { Count: > 0 } children)
            {
                if (CheckEngine.NormalizeName(node.Title) == normalizedTitle)
                {
                    return node;
                }

                if (FindNode(children, normalizedTitle) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
