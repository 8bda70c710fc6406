using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// A <c>rows</c> rule read against one table: on every row it applies to, the target column is the signed sum of the
/// part columns (合计 = 基本支出 + 项目支出). The check engine compares by it and "计算各级合计" fills by it.
/// </summary>
public sealed record RowRelation(int Target, IReadOnlyList<(int Index, int Sign)> Parts, string? RowFilter)
{
    /// <summary>The rule's columns found by key in the table; null when the rule does not fit the table.</summary>
    public static RowRelation? Resolve(TableDocument table, CheckRule rule)
    {
        var keys = table.Leaves().Select(l => l.Key).ToList();
        var target = rule.Target is null ? -1 : keys.IndexOf(rule.Target);
        var parts = (rule.Parts ?? []).Select(p => (Index: keys.IndexOf(p.TrimStart('-')), Sign: p.StartsWith('-') ? -1 : 1)).ToList();
        return target < 0 || parts.Count == 0 || parts.Any(p => p.Index < 0) ? null : new RowRelation(target, parts, rule.RowFilter);
    }

    public bool AppliesTo(RowDocument row) => row.Role != RowRoles.ColumnNumbers && (RowFilter != "coded" || row.Code is not null);

    /// <summary>True when the row has a figure in the target or any part (a row blank in all of them says nothing).</summary>
    public bool Involves(RowDocument row) => Parts.Select(p => p.Index).Append(Target).Any(i => i < row.Cells.Count && row.Cells[i].Number is not null);
}
