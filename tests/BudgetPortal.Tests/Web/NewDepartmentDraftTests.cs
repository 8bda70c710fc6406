using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// A department that is not a medical-insurance bureau (某区教育局: classes 205 and 208, units of its own) starts a draft
/// from every built-in table set: the draft holds none of the reference department's rows, and its own classes are
/// checked (not "无法核对").
/// </summary>
public sealed class NewDepartmentDraftTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string> BuiltInSets() => new(
        "liaoning-province-budget", "anshan-budget-2025", "henan-county-budget", "final-accounts-9", "final-accounts-9-shenyang");

    [Theory]
    [MemberData(nameof(BuiltInSets))]
    public async Task AnEducationBureausDraftHasNoReferenceRowsAndItsClassesAreChecked(string setCode)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var region = new Region { Name = $"某区-{setCode}", Level = RegionLevel.County };
        var department = new Department
        {
            Region = region,
            Name = "某区教育局",
            Units = [new BudgetUnit { Code = "905001", Name = "某区教育局本级" }, new BudgetUnit { Code = "905002", Name = "某区第一实验小学" }],
        };
        db.Add(department);
        await db.SaveChangesAsync();
        var set = (await scope.ServiceProvider.GetRequiredService<TableSetStore>().LoadAsync(setCode, default))!;
        var drafts = scope.ServiceProvider.GetRequiredService<DraftEditor>();

        var (versionId, error) = await drafts.CreateAsync(department.Id, 2025, set.Kind == "final" ? DisclosureKind.Final : DisclosureKind.Budget, setCode, default);

        error.ShouldBeNull();
        var document = (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId!.Value, default))!.Document;
        var reference = ReferenceFiles.All.SelectMany(d => d.Department.Units.Select(u => u.Name).Append(d.Department.Name)).ToHashSet();
        var texts = document.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Cells).Select(c => c.Text).OfType<string>().ToList();
        texts.ShouldNotContain(t => t.Contains("医疗保障") || t.Contains("医保") || reference.Contains(t));

        var filled = Fill(document, set.Rules, scope.ServiceProvider.GetRequiredService<CodeBook>(), set);
        var report = await scope.ServiceProvider.GetRequiredService<DisclosureCheckService>().RunAsync(filled, default);

        report.Findings.ShouldNotContain(f => f.Message != null && f.Message.Contains("无法核对"));
        var perClass = set.Rules.First(r => r.Kind == "classes" && r.OtherTable != null).Id;
        foreach (var code in new[] { "205", "208" })
        {
            report.Findings.ShouldContain(f => f.Rule == perClass.Replace("{code}", code) && f.Severity == Severity.Pass && f.Actual != 0, code);
        }

        var total = set.Rules.First(r => r.Kind == "classes" && r.Left != null).Id;
        report.Findings.ShouldContain(f => f.Rule == total && f.Severity == Severity.Pass && f.Actual == 150m);
    }

    /// <summary>Enters 205 教育支出 120 and 208 社会保障和就业支出 30 in the summary and the expenditure table.</summary>
    private static DisclosureDocument Fill(DisclosureDocument document, List<CheckRule> rules, CodeBook codes, BudgetPortal.Core.TableSets.TableSetDefinition set)
    {
        var perClass = rules.First(r => r.Kind == "classes" && r.OtherTable != null);
        var total = rules.First(r => r.Kind == "classes" && r.Left != null);
        var resolver = new RowResolver(set, codes);
        var classes = new[] { ("205", "一、教育支出", 120m), ("208", "二、社会保障和就业支出", 30m) };
        var tables = document.Tables.ToList();

        var summaryIndex = tables.FindIndex(t => t.Code == perClass.Table);
        var summary = tables[summaryIndex];
        var leaves = summary.Leaves();
        var column = leaves.ToList().FindIndex(l => l.Key == perClass.Column);
        var item = Enumerable.Range(0, column).Reverse().SkipWhile(i => leaves[i].IsNumeric).First(i => leaves[i].Type == ColumnTypes.Text);
        var rows = summary.Rows.ToList();
        foreach (var (code, printed, amount) in classes)
        {
            var at = rows.FindIndex(r => r.Cells[item].Text is { } t && resolver.ClassOf(t, perClass.Aliases) == code);
            if (at < 0)
            {
                var blank = Enumerable.Range(0, leaves.Count).Select(i => i == item ? CellValue.Of(printed) : CellValue.Blank).ToList();
                rows.Insert(rows.FindIndex(r => r.Role == RowRoles.Total), new RowDocument { Cells = blank });
                at = rows.FindIndex(r => r.Cells[item].Text == printed);
            }

            rows[at] = With(rows[at], column, amount);
        }

        var totalRow = resolver.Find(summary with { Rows = rows }, total.Left!.Row)!;
        rows[rows.IndexOf(totalRow)] = With(totalRow, leaves.ToList().FindIndex(l => l.Key == total.Left.Column), 150m);
        tables[summaryIndex] = RowIdentity.Apply(summary with { Rows = rows });

        var otherIndex = tables.FindIndex(t => t.Code == perClass.OtherTable);
        var other = tables[otherIndex];
        var otherLeaves = other.Leaves();
        var otherColumn = otherLeaves.ToList().FindIndex(l => l.Key == (perClass.OtherColumn ?? perClass.Column));
        var codeColumn = otherLeaves.ToList().FindIndex(l => l.Role == ColumnRoles.Code);
        var nameColumn = otherLeaves.ToList().FindIndex(l => l.Role == ColumnRoles.Name);
        var otherRows = other.Rows.Where(r => r.Role != RowRoles.Total).ToList();
        var totalCells = Enumerable.Range(0, otherLeaves.Count).Select(i => i == nameColumn ? CellValue.Of("合计") : i == otherColumn ? CellValue.Of(150m) : CellValue.Blank);
        otherRows.Insert(otherRows.Count(r => r.Role == RowRoles.ColumnNumbers), new RowDocument { Role = RowRoles.Total, Cells = [.. totalCells] });
        foreach (var (code, printed, amount) in classes)
        {
            var cells = Enumerable.Range(0, otherLeaves.Count)
                .Select(i => i == codeColumn ? CellValue.Of(code) : i == nameColumn ? CellValue.Of(printed[2..]) : i == otherColumn ? CellValue.Of(amount) : CellValue.Blank);
            otherRows.Add(new RowDocument { Level = 1, Cells = [.. cells] });
        }

        tables[otherIndex] = RowIdentity.Apply(other with { Rows = otherRows });
        return document with { Tables = tables };
    }

    private static RowDocument With(RowDocument row, int column, decimal amount) =>
        row with { Cells = [.. row.Cells.Select((c, i) => i == column ? CellValue.Of(amount) : c)] };
}
