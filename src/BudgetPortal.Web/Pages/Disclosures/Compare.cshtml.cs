using System.Globalization;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

/// <summary>
/// Comparisons of a published disclosure: with the same department's disclosure of another year (table by table, rows
/// matched by classification code, or by their printed item for fixed tables), and a final account with the same
/// year's budget (完成年初预算的 X%, the table set's own completion rules through <see cref="Completion.Execution"/>).
/// Both years are stated in 万元, each converted from the unit its table is printed in, so that a year printed in 元
/// compares with a year printed in 万元. A blank figure stays blank: no change or rate is computed from it.
/// </summary>
public sealed class CompareModel(PortalDbContext db, DocumentLoader documents, DisclosureCheckService checks) : PageModel
{
    public sealed record Other(string Slug, string Title, int Year, DisclosureKind Kind);

    public sealed record Line(string Label, int Level, decimal? This, decimal? That, decimal? Change, string? Percent, bool OnlyHere, bool OnlyThere);

    public sealed record TableComparison(string Number, string Title, string Unit, IReadOnlyList<(string Key, string Title)> Columns, string Column, IReadOnlyList<Line> Lines)
    {
        /// <summary>How many rows rose, fell, stayed, or are in one year only: the table's line of the summary.</summary>
        public (int Up, int Down, int Same, int OneYear) Counts =>
            (Lines.Count(l => l.Change > 0), Lines.Count(l => l.Change < 0), Lines.Count(l => l.Change == 0), Lines.Count(l => l.OnlyHere || l.OnlyThere));
    }

    /// <summary>The headline figures of both years (万元), for the summary at the top.</summary>
    public IReadOnlyList<SummaryFigure> Headline { get; private set; } = [];

    /// <summary>Other disclosures of the same kind: the years a year comparison can be made with.</summary>
    public IEnumerable<Other> SameKind => Others.Where(o => o.Kind.ToString().Equals(Document.Kind, StringComparison.OrdinalIgnoreCase));

    public DisclosureDocument Document { get; private set; } = null!;
    public DisclosureDocument? With { get; private set; }
    public List<Other> Others { get; private set; } = [];
    public List<TableComparison> Tables { get; private set; } = [];
    public List<Finding> Execution { get; private set; } = [];
    public Other? SameYearBudget { get; private set; }
    public bool ExecutionMode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? with, string? col, bool execution, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, null, ct);
        if (document is null)
        {
            return NotFound();
        }

        Document = document;
        var owner = await db.Disclosures.Where(d => d.Slug == slug).Select(d => new { d.DepartmentId, d.Year, d.Kind }).SingleAsync(ct);
        Others = await db.Published().Where(d => d.DepartmentId == owner.DepartmentId && d.Slug != slug)
            .OrderByDescending(d => d.Year).ThenBy(d => d.Kind)
            .Select(d => new Other(d.Slug, d.Title, d.Year, d.Kind)).ToListAsync(ct);
        SameYearBudget = owner.Kind == DisclosureKind.Final ? Others.FirstOrDefault(o => o.Year == owner.Year && o.Kind == DisclosureKind.Budget) : null;

        if (execution)
        {
            ExecutionMode = true;
            if (SameYearBudget is not null)
            {
                Execution = [.. (await checks.ExecutionAsync(document, ct)).Findings.Where(f => f.Table is not null)];
            }

            return Page();
        }

        var other = with ?? Others.FirstOrDefault(o => o.Kind == owner.Kind)?.Slug;
        if (other is null || Others.All(o => o.Slug != other))
        {
            return Page();
        }

        With = await documents.LoadPublishedAsync(other, null, ct);
        var now = KeyFigures.From(Document);
        var then = KeyFigures.From(With!);
        Headline = new List<SummaryFigure>
        {
            new("收入总计", now.TotalIncome, then.TotalIncome, null),
            new("支出总计", now.TotalExpenditure, then.TotalExpenditure, null),
            new("基本支出", now.Basic, then.Basic, null),
            new("项目支出", now.Project, then.Project, null),
            new("“三公”经费", now.ThreePublic, then.ThreePublic, null),
            new("机关运行经费", now.OfficeRunning, then.OfficeRunning, null),
        }.Where(f => f.Amount is not null || f.LastYear is not null).ToList();
        Tables = [.. Document.Tables.Where(t => !t.Missing && t.Leaves().Any(l => l.Type == ColumnTypes.Amount))
            .Select(t => Compare(t, With!.Tables.FirstOrDefault(o => !o.Missing && (t.Code is not null ? o.Code == t.Code : o.Number == t.Number)), col))
            .Where(c => c is not null)
            .Select(c => c!)];
        return Page();
    }

    private static TableComparison? Compare(TableDocument table, TableDocument? other, string? requested)
    {
        if (other is null)
        {
            return null;
        }

        var leaves = table.Leaves();
        var otherLeaves = other.Leaves();
        var paths = LeafPaths(table.Columns);
        var amounts = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Type == ColumnTypes.Amount && otherLeaves.Any(o => o.Key == leaves[i].Key)).ToList();
        if (amounts.Count == 0)
        {
            return null;
        }

        // A switch is named by its column header; two leaves of the same title ("金额" under 收入 and under 支出) by
        // their header path.
        var columns = amounts.Select(i => (leaves[i].Key!, amounts.Count(j => leaves[j].Title == leaves[i].Title) > 1 ? string.Join("·", paths[i].Titles) : leaves[i].Title)).ToList();
        var column = columns.Any(c => c.Item1 == requested) ? requested! : columns[0].Item1;
        var here = leaves.Select(l => l.Key).ToList().IndexOf(column);
        var there = otherLeaves.Select(l => l.Key).ToList().IndexOf(column);
        var labelColumns = LabelColumns(leaves, paths, here);
        // A key printed more than once (30108 in each code block of a basic-expenditure table) pairs its n-th row here
        // with its n-th row there.
        var theirs = other.Rows.Where(r => r.Role != RowRoles.ColumnNumbers).GroupBy(RowIdentity.KeyOf).ToDictionary(g => g.Key, g => new Queue<RowDocument>(g));
        var lines = new List<Line>();
        var thisUnit = AmountUnit.OfTable(table);
        var thatUnit = AmountUnit.OfTable(other);
        foreach (var row in table.Rows.Where(r => r.Role != RowRoles.ColumnNumbers))
        {
            var match = theirs.TryGetValue(RowIdentity.KeyOf(row), out var same) && same.Count > 0 ? same.Dequeue() : null;
            lines.Add(LineOf(row, labelColumns, Value(row, here, thisUnit), match is null ? null : Value(match, there, thatUnit), onlyHere: match is null, onlyThere: false));
        }

        foreach (var row in theirs.Values.SelectMany(q => q))
        {
            lines.Add(LineOf(row, labelColumns, null, Value(row, there, thatUnit), onlyHere: false, onlyThere: true));
        }

        // A row of a two-sided table (收入 | 支出) with nothing on the side compared is not a line of this comparison.
        lines.RemoveAll(l => l.Label.Length == 0 && l.This is null && l.That is null);
        var reporting = AmountUnit.Reporting;
        var unit = thisUnit == reporting && thatUnit == reporting ? reporting.Name : $"{reporting.Name}，由公开的{thisUnit.Name}与{thatUnit.Name}换算";
        return new TableComparison(table.Number, table.Title, unit, columns, column, lines);

        static decimal? Value(RowDocument row, int index, AmountUnit unit) =>
            index >= 0 && index < row.Cells.Count && row.Cells[index].Number is { } v ? unit.To(AmountUnit.Reporting, v) : null;
    }

    /// <summary>Each leaf's header path (top-level group first) and the index of its top-level column.</summary>
    private static List<(string[] Titles, int Group)> LeafPaths(List<ColumnNode> columns)
    {
        var result = new List<(string[], int)>();
        for (var g = 0; g < columns.Count; g++)
        {
            Walk(columns[g], [], g);
        }

        return result;

        void Walk(ColumnNode node, string[] above, int group)
        {
            string[] path = [.. above, node.Title];
            if (node.IsLeaf)
            {
                result.Add((path, group));
                return;
            }

            foreach (var child in node.Children!)
            {
                Walk(child, path, group);
            }
        }
    }

    /// <summary>
    /// The text columns that name a row for the compared column: those of its own top-level group when the table is
    /// two-sided (收入 项目 for a 收入 amount, 支出 项目 for a 支出 amount); empty when the group has none (the row's code
    /// and name then name it). Never a 行/行次/栏次 column: a row number is not a name.
    /// </summary>
    private static List<int> LabelColumns(IReadOnlyList<ColumnNode> leaves, List<(string[] Titles, int Group)> paths, int compared) =>
        [.. Enumerable.Range(0, leaves.Count).Where(i => paths[i].Group == paths[compared].Group && IsLabel(leaves[i]))];

    private static bool IsLabel(ColumnNode leaf) =>
        !leaf.IsNumeric && leaf.Type != ColumnTypes.Code && leaf.Title is not ("行" or "行次" or "栏次");

    private static Line LineOf(RowDocument row, List<int> labelColumns, decimal? thisYear, decimal? otherYear, bool onlyHere, bool onlyThere)
    {
        string Texts(IEnumerable<int> columns) =>
            string.Join(" ", columns.Where(i => i < row.Cells.Count).Select(i => row.Cells[i].Text?.Trim()).Where(s => !string.IsNullOrEmpty(s)));
        var label = labelColumns.Count > 0
            ? Texts(labelColumns)
            : string.Join(" ", new[] { row.Code, row.Name }.Where(s => !string.IsNullOrEmpty(s)));
        if (label.Length == 0 && row.Role == RowRoles.Total)
        {
            label = "合计";
        }

        // Blank is not zero: a change needs both figures.
        decimal? change = thisYear is { } now && otherYear is { } before ? now - before : null;
        var percent = otherYear is { } o && o != 0m && change is { } c
            ? (c / o * 100m).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%"
            : null;
        return new Line(label, row.Level, thisYear, otherYear, change, percent, onlyHere, onlyThere);
    }
}
