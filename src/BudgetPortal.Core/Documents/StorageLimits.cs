using System.Globalization;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// What the database can hold for one table (the column limits of the Web project's <c>Data/Configurations</c>, which
/// use these constants) and what a classification code looks like. Every way into a draft — the grid, the workbook
/// importer at preview, the exchange format's validator — checks a table here before anything is stored, so that a
/// value the database would refuse is a Chinese message naming its place, never an HTTP 500 on saving.
/// </summary>
public static class StorageLimits
{
    public const int CodeLength = 32;
    public const int UnitCodeLength = 32;
    public const int NameLength = 400;
    public const int ProjectLength = 400;
    public const int CellTextLength = 8000;
    public const int FieldTextLength = 8000;

    /// <summary>
    /// Amounts are stored as unconstrained <c>numeric</c> (the printed scale is kept), so the bound is ours: 10^15 in the
    /// table's unit is far beyond any public budget (10^15 万元 is a thousand times the world's GDP) and well inside
    /// <see cref="decimal"/>, so sums of many such figures cannot overflow.
    /// </summary>
    public const decimal MaxMagnitude = 1_000_000_000_000_000m;

    /// <summary>A problem at a body row and leaf column (0-based), or, with <see cref="Row"/> = -1, at field line <see cref="Column"/>.</summary>
    public sealed record Violation(int Row, int Column, string Message);

    public static string? OutOfRange(decimal value) =>
        Math.Abs(value) >= MaxMagnitude ? "超出允许的范围（绝对值须小于 10^15）" : null;

    /// <summary>
    /// Every value of the table that the database could not store and, with <paramref name="codes"/>, every malformed
    /// classification code that is new: a code already in the same column of <paramref name="accepted"/> (the draft as
    /// stored, which may hold a published document's codes as printed, such as a 款 printed "2") is not refused again.
    /// The exchange format keeps codes as printed, so its validator checks only the storage limits.
    /// </summary>
    public static List<Violation> Check(TableDocument table, TableDocument? accepted = null, bool codes = true)
    {
        var violations = new List<Violation>();
        var leaves = table.Leaves();
        var codeColumns = codes ? Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Role == ColumnRoles.Code).ToList() : [];
        var known = (accepted?.Rows ?? []).SelectMany(r => codeColumns.Where(c => c < r.Cells.Count && r.Cells[c].Text is not null).Select(c => (c, r.Cells[c].Text!.Trim())))
            .ToHashSet();
        for (var f = 0; f < (table.Fields?.Count ?? 0); f++)
        {
            var field = table.Fields![f];
            if ((field.Label.Length > FieldTextLength) || (field.Value?.Length > FieldTextLength))
            {
                violations.Add(new Violation(-1, f, $"内容过长（{Math.Max(field.Label.Length, field.Value?.Length ?? 0)} 个字符，上限 {FieldTextLength}）"));
            }
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var cells = row.Cells;
            for (var c = 0; c < cells.Count && c < leaves.Count; c++)
            {
                if (cells[c].Text is { Length: > CellTextLength } text)
                {
                    violations.Add(new Violation(r, c, $"内容过长（{text.Length} 个字符，上限 {CellTextLength}）"));
                }
                else if (cells[c].Number is { } number && OutOfRange(number) is { } range)
                {
                    violations.Add(new Violation(r, c, $"数值 {number.ToString(CultureInfo.InvariantCulture)} {range}"));
                }
            }

            Joined(r, ColumnRoles.Name, NameLength, "名称");
            Joined(r, ColumnRoles.Project, ProjectLength, "项目名称");
            Joined(r, ColumnRoles.Unit, UnitCodeLength, "单位编码");
            if (row.Role != RowRoles.ColumnNumbers)
            {
                CheckCodes(r, cells);
            }
        }

        return violations;

        // A row's name, project or unit code is the concatenation of the cells of its role (RowIdentity).
        void Joined(int r, string role, int limit, string what)
        {
            var columns = Enumerable.Range(0, Math.Min(leaves.Count, table.Rows[r].Cells.Count)).Where(i => leaves[i].Role == role).ToList();
            var length = columns.Sum(i => table.Rows[r].Cells[i].Text?.Trim().Length ?? 0);
            if (length > limit && length <= CellTextLength * columns.Count)
            {
                violations.Add(new Violation(r, columns[0], $"{what}过长（{length} 个字符，上限 {limit}）"));
            }
        }

        void CheckCodes(int r, IReadOnlyList<CellValue> cells)
        {
            for (var k = 0; k < codeColumns.Count && codeColumns[k] < cells.Count; k++)
            {
                var cell = cells[codeColumns[k]];
                if (cell.IsBlank)
                {
                    continue;
                }

                var text = cell.Text?.Trim() ?? cell.Number!.Value.ToString(CultureInfo.InvariantCulture);
                if (known.Contains((codeColumns[k], text)))
                {
                    continue;
                }

                if (codeColumns.Count == 1
                    ? !(text.Length is 3 or 5 or 7 && text.All(char.IsAsciiDigit))
                    : !(text.Length == (k == 0 ? 3 : 2) && text.All(char.IsAsciiDigit)))
                {
                    var expected = codeColumns.Count == 1 ? "3、5 或 7 位数字的科目编码" : k == 0 ? "3 位数字的类级编码" : "2 位数字的款级、项级编码";
                    violations.Add(new Violation(r, codeColumns[k], $"“{Shorten(text)}”不是 {expected}"));
                }
            }
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
