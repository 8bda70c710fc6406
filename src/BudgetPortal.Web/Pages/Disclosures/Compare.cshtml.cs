using System.Globalization;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Workbooks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Disclosures;

/// <summary>
/// Comparisons of a published disclosure: with the same department's disclosure of another year (table by table, rows
/// matched by classification code, or by their printed item for fixed tables), and a final account with the same
/// year's budget (完成年初预算的 X%, the check engine's completion rule). Both years are stated in 万元, each converted
/// from the unit its table is printed in, so that a year printed in 元 compares with a year printed in 万元.
/// </summary>
public sealed class CompareModel(PortalDbContext db, DocumentLoader documents) : PageModel
{
    public sealed record Other(string Slug, string Title, int Year, DisclosureKind Kind);

    public sealed record Line(string Label, int Level, decimal? This, decimal? That, decimal? Change, string? Percent, bool OnlyHere, bool OnlyThere);

    public sealed record TableComparison(string Number, string Title, string Unit, IReadOnlyList<(string Key, string Title)> Columns, string Column, IReadOnlyList<Line> Lines);

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
                var budget = await documents.LoadPublishedAsync(SameYearBudget.Slug, null, ct);
                var rule = new CheckRule { Id = "完成率", Kind = "completion", Table = "gpb_expenditure", OtherTable = "gpb_expenditure", Columns = ["total", "basic", "project"] };
                Execution = [.. CheckEngine.Run(document, [], [rule], budget: budget).Findings.Where(f => f.Table is not null)];
            }

            return Page();
        }

        var other = with ?? Others.FirstOrDefault(o => o.Kind == owner.Kind)?.Slug;
        if (other is null || Others.All(o => o.Slug != other))
        {
            return Page();
        }

        With = await documents.LoadPublishedAsync(other, null, ct);
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
        var columns = leaves.Where(l => l.Type == ColumnTypes.Amount && otherLeaves.Any(o => o.Key == l.Key)).Select(l => (l.Key!, l.Title)).ToList();
        if (columns.Count == 0)
        {
            return null;
        }

        var column = columns.Any(c => c.Item1 == requested) ? requested! : columns[0].Item1;
        var here = leaves.Select(l => l.Key).ToList().IndexOf(column);
        var there = otherLeaves.Select(l => l.Key).ToList().IndexOf(column);
        var theirs = other.Rows.Where(r => r.Role != RowRoles.ColumnNumbers).GroupBy(RowIdentity.KeyOf).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>();
        var lines = new List<Line>();
        var thisUnit = AmountUnit.OfTable(table);
        var thatUnit = AmountUnit.OfTable(other);
        foreach (var row in table.Rows.Where(r => r.Role != RowRoles.ColumnNumbers))
        {
            var key = RowIdentity.KeyOf(row);
            seen.Add(key);
            theirs.TryGetValue(key, out var match);
            lines.Add(LineOf(row, Value(row, here, thisUnit), match is null ? null : Value(match, there, thatUnit), onlyHere: match is null, onlyThere: false));
        }

        foreach (var (key, row) in theirs.Where(kv => !seen.Contains(kv.Key)))
        {
            lines.Add(LineOf(row, null, Value(row, there, thatUnit), onlyHere: false, onlyThere: true));
        }

        var reporting = AmountUnit.Reporting;
        var unit = thisUnit == reporting && thatUnit == reporting ? reporting.Name : $"{reporting.Name}，由公开的{thisUnit.Name}与{thatUnit.Name}换算";
        return new TableComparison(table.Number, table.Title, unit, columns, column, lines);

        static decimal? Value(RowDocument row, int index, AmountUnit unit) =>
            index >= 0 && index < row.Cells.Count && row.Cells[index].Number is { } v ? unit.To(AmountUnit.Reporting, v) : null;
    }

    private static Line LineOf(RowDocument row, decimal? thisYear, decimal? otherYear, bool onlyHere, bool onlyThere)
    {
        var label = string.Join(" ", new[] { row.Code, row.Name ?? string.Join(" ", row.Cells.Where(c => c.Text is not null).Select(c => c.Text).Take(2)) }.Where(s => !string.IsNullOrEmpty(s)));
        decimal? change = thisYear is null && otherYear is null ? null : (thisYear ?? 0m) - (otherYear ?? 0m);
        var percent = otherYear is { } o && o != 0m && change is { } c
            ? (c / o * 100m).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%"
            : null;
        return new Line(label, row.Level, thisYear, otherYear, change, percent, onlyHere, onlyThere);
    }
}
