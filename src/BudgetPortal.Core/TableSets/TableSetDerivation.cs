using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.TableSets;

/// <summary>
/// Starts a table set from a transcribed disclosure: its tables (number, role, title, unit, column tree, empty note),
/// with the fixed items of two-sided summary tables kept as rows to pre-fill drafts. Rules are added by hand.
/// </summary>
public static class TableSetDerivation
{
    public static TableSetDefinition From(DisclosureDocument document, string code, string name)
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
                FixedRows = rowKind == "fixed" ? table.Rows.Select(BlankAmounts).ToList()
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
