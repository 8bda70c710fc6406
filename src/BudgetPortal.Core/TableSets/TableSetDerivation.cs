using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.TableSets;

/// <summary>
/// Starts a table set from a transcribed disclosure: its tables (number, role, title, unit, column tree, empty note),
/// with the template's printed items of fixed tables kept as rows to pre-fill drafts. Rules (and the keys of the fixed
/// rows they address) are added by hand.
/// </summary>
public static class TableSetDerivation
{
    /// <param name="codes">The code lists, to tell a department's 类 printed by name from the template's items.</param>
    public static TableSetDefinition From(DisclosureDocument document, string code, string name, CodeBook? codes = null)
    {
        var tables = new List<TableTemplateDefinition>();
        foreach (var table in document.Tables)
        {
            var repeated = table.Code is not null && document.Tables.Count(t => t.Code == table.Code) > 1;
            if (repeated && tables.Any(t => t.Code == table.Code))
            {
                continue;
            }

            var rowKind = RowKindOf(table);
            var generic = repeated || rowKind == "form";
            tables.Add(new TableTemplateDefinition
            {
                Number = table.Number,
                Code = table.Code,
                Title = generic ? StripQualifier(table.Title) : table.Title,
                Unit = table.Unit,
                Decimals = table.Decimals,
                RowKind = rowKind,
                Columns = table.Columns,
                // Fixed tables keep every item; classification and unit tables keep their 栏次 and 合计 rows.
                FixedRows = rowKind == "fixed" ? TemplateItems(document, table, codes)
                    : rowKind == "form" ? null
                    : NullIfEmpty(table.Rows.Where(r => r.Role is RowRoles.Total or RowRoles.ColumnNumbers && r.Code is null).Select(BlankAmounts).ToList()),
                EmptyNote = table.EmptyNote,
                Required = !repeated,
            });
        }

        return new TableSetDefinition
        {
            Code = code,
            Name = name,
            Kind = document.Kind,
            Region = document.Region.Count > 0 ? document.Region[^1] : null,
            Tables = tables,
        };
    }

    public static string RowKindOf(TableDocument table)
    {
        var leaves = table.Leaves();
        if (table.Fields is { Count: > 0 })
        {
            return "form";
        }

        if (leaves.Any(l => l.Role == ColumnRoles.Project))
        {
            return "projects";
        }

        var codes = table.Rows.Select(r => r.Code).Where(c => c is not null).ToList();
        if (codes.Count > 0)
        {
            return codes.All(c => c!.StartsWith('3') || c.StartsWith('5')) ? "economic" : "functional";
        }

        if (leaves.Any(l => l.Role == ColumnRoles.Unit))
        {
            return "units";
        }

        return leaves.All(l => !l.IsNumeric) ? "indicators" : "fixed";
    }

    /// <summary>
    /// The rows of a fixed table that belong to the template, not to the department. A two-sided summary keeps its
    /// items, but the 类 it prints by name only where it prints (nearly) the whole classification, as the national
    /// final-account template does; a budget that prints only the department's own classes leaves them to the draft.
    /// A one-sided table keeps its 合计 and 栏次 rows and its numbered items ("1、因公出国（境）费"), not the names of
    /// the department's units, funds or projects.
    /// </summary>
    private static List<RowDocument> TemplateItems(DisclosureDocument document, TableDocument table, CodeBook? codes)
    {
        var leaves = table.Leaves();
        var textColumns = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Type == ColumnTypes.Text).ToList();
        var rows = table.Rows.Select(BlankAmounts).ToList();
        if (textColumns.Count == 0)
        {
            return rows;
        }

        var department = document.Department.Units.Select(u => u.Name).Append(document.Department.Name).Select(CheckEngine.NormalizeName).ToHashSet();
        bool IsTemplateRow(RowDocument row) => row.Role is RowRoles.Total or RowRoles.ColumnNumbers
            || textColumns.Any(i => Text(row, i) is { } text && !department.Contains(CheckEngine.NormalizeName(text)) && (textColumns.Count > 1 || RowResolver.StartsWithOrdinal(text)));
        if (textColumns.Count == 1)
        {
            return [.. rows.Where(IsTemplateRow)];
        }

        var resolver = new RowResolver(null, codes);
        var classCount = codes?.Lists.Where(l => l.Prefix == "2").SelectMany(l => l.Entries).Count(e => e.Code.Length == 3) ?? 0;
        var printed = rows.SelectMany(r => textColumns.Select(i => Text(r, i))).OfType<string>().Select(t => resolver.ClassOf(t, null)).OfType<string>().Distinct().Count();
        var departmentClasses = printed > 0 && printed < classCount / 2;
        return [.. rows
            .Select(r => departmentClasses
                ? r with { Cells = [.. r.Cells.Select((c, i) => textColumns.Contains(i) && c.Text is { } t && resolver.ClassOf(t, null) is not null ? CellValue.Blank : c)] }
                : r)
            .Where(r => r.Role is RowRoles.Total or RowRoles.ColumnNumbers || r.Cells.Any(c => !string.IsNullOrWhiteSpace(c.Text)))];

        static string? Text(RowDocument row, int i) => i < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[i].Text) ? row.Cells[i].Text : null;
    }

    private static List<RowDocument>? NullIfEmpty(List<RowDocument> rows) => rows.Count == 0 ? null : rows;

    private static RowDocument BlankAmounts(RowDocument row) => row with
    {
        Cells = row.Cells.Select(c => c.Number is null ? c : CellValue.Blank).ToList(),
        Code = null,
        Name = null,
        UnitCode = null,
        Project = null,
    };

    /// <summary>Drops the trailing parenthetical that names the department or project: "自评表（某项目（二期））" → "自评表".</summary>
    public static string StripQualifier(string title)
    {
        if (!title.EndsWith('）'))
        {
            return title;
        }

        var depth = 0;
        for (var i = title.Length - 1; i > 0; i--)
        {
            depth += title[i] switch { '）' => 1, '（' => -1, _ => 0 };
            if (depth == 0)
            {
                return title[..i];
            }
        }

        return title;
    }
}
