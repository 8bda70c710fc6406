using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// What a classification code means in a table: its level (类 / 款 / 项 from the code's length) and which listed rows
/// add up to it. A parent is the sum of its nearest listed descendants: a 类 of its 款, or of its 项 where a 款 is not
/// listed (some layouts print only 项 rows). The hierarchy check, "计算各级合计" in the grid and the workbook importer
/// all read the hierarchy here, so that what the button fills is what the check then expects.
/// </summary>
public static class ClassificationTree
{
    /// <summary>1 for a 3-digit 类, 2 for a 5-digit 款, 3 for a 7-digit 项 (and on by two digits); 0 without a code.</summary>
    public static int LevelOf(string? code) => code is { Length: > 0 } c ? Math.Max(0, ((c.Length + 1) / 2) - 1) : 0;

    /// <summary>
    /// The rows that add up to <paramref name="code"/>: the listed rows under it with no listed row between (a 类's
    /// 款; its 项 where their 款 is not listed). Rows are read by their <see cref="RowDocument.Code"/>.
    /// </summary>
    public static List<RowDocument> Children(IEnumerable<RowDocument> coded, string code)
    {
        var under = coded.Where(r => r.Code is { } c && c.Length > code.Length && c.StartsWith(code, StringComparison.Ordinal)).ToList();
        return Outermost(under, code.Length);
    }

    /// <summary>
    /// The rows a 合计 adds up: those of the shortest code (the 类). Not every row without a listed ancestor: a table may
    /// list a summary row under a 3-digit code beside 款 rows whose 类 it does not list (河南's 经济分类汇总表: a unit row
    /// above 301 08, 301 10 …), and adding both would count the same money twice.
    /// </summary>
    public static List<RowDocument> Top(IEnumerable<RowDocument> coded)
    {
        var rows = coded.Where(r => r.Code is { Length: > 0 }).ToList();
        var shortest = rows.Count == 0 ? 0 : rows.Min(r => r.Code!.Length);
        return [.. rows.Where(r => r.Code!.Length == shortest)];
    }

    private static List<RowDocument> Outermost(List<RowDocument> rows, int below)
    {
        var listed = rows.Select(r => r.Code!).ToHashSet(StringComparer.Ordinal);
        return [.. rows.Where(r => !Enumerable.Range(below + 1, Math.Max(0, r.Code!.Length - below - 1)).Any(n => listed.Contains(r.Code![..n])))];
    }
}
