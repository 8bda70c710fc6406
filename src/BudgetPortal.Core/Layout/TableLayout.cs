using System.Globalization;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Layout;

public enum CellAlign
{
    Left,
    Center,
    Right,
}

/// <summary>A header cell of the grid, with the spans that the column tree gives it.</summary>
public sealed record HeaderCell(string Text, int ColSpan, int RowSpan, bool IsLeaf, int FirstLeaf = 0);

public sealed record LayoutCell(string Text, CellAlign Align, int Indent, bool IsBlank);

/// <summary>A body row: formatted cells for display, and the source values for renderers that store numbers.</summary>
public sealed record LayoutRow(
    IReadOnlyList<LayoutCell> Cells, bool IsTotal, string? Code, string? Name, IReadOnlyList<CellValue> Source, bool IsColumnNumbers = false);

/// <summary>
/// The one layout of a numbered table that the HTML page, the PDF and the workbook all render: heading lines, header
/// grid with spans, formatted body rows, form fields, footnotes and the empty-table note.
/// </summary>
public sealed record TableLayout
{
    public required string Number { get; init; }
    public required string Title { get; init; }
    public required string DepartmentLine { get; init; }

    /// <summary>"2023 年度", as the published headings print it between the department and the unit (null when unknown).</summary>
    public string? YearLine { get; init; }

    public string? UnitLine { get; init; }
    public required IReadOnlyList<ColumnNode> Leaves { get; init; }
    public required IReadOnlyList<IReadOnlyList<HeaderCell>> HeaderRows { get; init; }
    public required IReadOnlyList<LayoutRow> Rows { get; init; }
    public required IReadOnlyList<FieldLine> FieldsBefore { get; init; }
    public required IReadOnlyList<FieldLine> FieldsAfter { get; init; }
    public required IReadOnlyList<string> Footnotes { get; init; }

    /// <summary>The lines above the grid as the form prints them: task lines gathered into grids.</summary>
    public IReadOnlyList<FormItem> FormBefore { get; init; } = [];

    /// <summary>The lines below the grid as the form prints them.</summary>
    public IReadOnlyList<FormItem> FormAfter { get; init; } = [];

    /// <summary>The mark the published documents print beside an empty table's title.</summary>
    public const string EmptyMark = "（空表）";

    /// <summary>True when the table is present but has no data: it carries <see cref="EmptyMark"/> and its note.</summary>
    public bool IsEmpty => EmptyNote is not null;

    /// <summary>The note to print because the table has no data (null when it has data).</summary>
    public string? EmptyNote { get; init; }

    public bool Missing { get; init; }

    /// <summary>Index of the leaf column that holds the row names (indented by level), or -1.</summary>
    public int NameColumn { get; init; } = -1;

    /// <summary>The single code column right before the name column (both stay in view when a wide table scrolls), or -1.</summary>
    public int CodeColumn { get; init; } = -1;

    /// <summary>The layout of one table of a disclosure, with the disclosure's department and year in its heading.</summary>
    public static TableLayout For(DisclosureDocument document, TableDocument table) =>
        From(table, document.Department.Name, document.Year, document.DepartmentLabel);

    public static TableLayout From(TableDocument table, string departmentName, int? year = null, string? departmentLabel = null)
    {
        var leaves = table.Leaves();
        var nameColumn = FindNameColumn(leaves);
        var codeColumn = nameColumn == 1 && leaves[0].Role == ColumnRoles.Code ? 0 : -1;
        var rows = table.Rows.Select(r => FormatRow(r, leaves, table.Decimals, nameColumn)).ToList();
        var noData = table.HasNoData();
        var before = table.Fields?.Where(f => f.Position != "after").ToList() ?? [];
        var after = table.Fields?.Where(f => f.Position == "after").ToList() ?? [];
        return new TableLayout
        {
            Number = table.Number,
            Title = table.Title,
            DepartmentLine = $"{(string.IsNullOrWhiteSpace(departmentLabel) ? DisclosureDocument.DefaultDepartmentLabel : departmentLabel)}：{departmentName}",
            YearLine = year is { } y ? $"{y} 年度" : null,
            UnitLine = table.Unit is null ? null : $"单位：{table.Unit}",
            Leaves = leaves,
            HeaderRows = BuildHeader(table.Columns),
            Rows = rows,
            FieldsBefore = before,
            FieldsAfter = after,
            FormBefore = FormLayout.Items(before),
            FormAfter = FormLayout.Items(after),
            Footnotes = table.Footnotes ?? [],
            EmptyNote = table.Missing ? null : noData ? table.EmptyNote ?? "本表无数据。" : null,
            Missing = table.Missing,
            NameColumn = nameColumn,
            CodeColumn = codeColumn,
        };
    }

    private static int FindNameColumn(IReadOnlyList<ColumnNode> leaves)
    {
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Role == ColumnRoles.Name)
            {
                return i;
            }
        }

        return -1;
    }

    public static IReadOnlyList<IReadOnlyList<HeaderCell>> BuildHeader(IReadOnlyList<ColumnNode> columns)
    {
        var depth = ColumnNode.Depth(columns);
        var grid = Enumerable.Range(0, depth).Select(_ => new List<HeaderCell>()).ToList();
        var nextLeaf = 0;
        Place(columns, 0);
        return grid;

        void Place(IEnumerable<ColumnNode> nodes, int level)
        {
            foreach (var node in nodes)
            {
                if (node.IsLeaf)
                {
                    grid[level].Add(new HeaderCell(node.Title, 1, depth - level, true, nextLeaf++));
                }
                else
                {
                    grid[level].Add(new HeaderCell(node.Title, ColumnNode.Leaves(node.Children!).Count, 1, false, nextLeaf));
                    Place(node.Children!, level + 1);
                }
            }
        }
    }

    private static LayoutRow FormatRow(RowDocument row, IReadOnlyList<ColumnNode> leaves, int decimals, int nameColumn)
    {
        var cells = new List<LayoutCell>(leaves.Count);
        for (var i = 0; i < leaves.Count; i++)
        {
            var value = i < row.Cells.Count ? row.Cells[i] : CellValue.Blank;
            var leaf = leaves[i];
            var align = leaf.IsNumeric ? CellAlign.Right : CellAlign.Left;
            if (row.Role == RowRoles.ColumnNumbers)
            {
                align = CellAlign.Center;
            }

            var indent = i == nameColumn ? Math.Max(0, row.Level - 1) : 0;
            var text = row.Role == RowRoles.ColumnNumbers ? ColumnNumber(value) : Format(value, leaf, decimals);
            cells.Add(new LayoutCell(text, align, indent, value.IsBlank));
        }

        var source = Enumerable.Range(0, leaves.Count).Select(i => i < row.Cells.Count ? row.Cells[i] : CellValue.Blank).ToList();
        return new LayoutRow(cells, row.Role == RowRoles.Total, row.Code, row.Name, source, row.Role == RowRoles.ColumnNumbers);
    }

    /// <summary>A 栏次 cell is a label ("1", "2", "3 = 1 + 2"), printed as published: never "1.00".</summary>
    public static string ColumnNumber(CellValue value) => value.Number is { } number
        ? (number == decimal.Truncate(number) ? decimal.Truncate(number).ToString(CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture))
        : value.Text ?? "";

    /// <summary>Formats a cell as the published tables print it: amounts with thousands separators.</summary>
    public static string Format(CellValue value, ColumnNode leaf, int decimals)
    {
        if (value.Number is not { } number)
        {
            return value.Text ?? "";
        }

        var scale = Scale(number);
        return leaf.Type switch
        {
            ColumnTypes.Amount => number.ToString("N" + Math.Max(decimals, scale), CultureInfo.InvariantCulture),
            ColumnTypes.Count => number.ToString("N" + scale, CultureInfo.InvariantCulture),
            ColumnTypes.Percent => number.ToString(CultureInfo.InvariantCulture) + "%",
            _ => number.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;
}
