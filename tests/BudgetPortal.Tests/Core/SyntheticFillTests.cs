using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Synthetic;
using BudgetPortal.Core.TableSets;
using Xunit.Abstractions;

namespace BudgetPortal.Tests.Core;

/// <summary>
/// Synthetic disclosures filled from table sets (issue 11 item 7): consistent by their own set's checks for departments of
/// every kind, each with its own classes, units and projects, in the set's units (元 or 万元).
/// </summary>
public sealed class SyntheticFillTests(ITestOutputHelper output)
{
    private static readonly CodeBook Codes = CodeBook.LoadFolder(Path.Combine(AppContext.BaseDirectory, "CodeLists"));

    private static readonly Lazy<List<TableSetDefinition>> Sets = new(() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TableSets"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => TableSetJson.Parse(File.ReadAllText(f), Path.GetFileName(f)))]);

    private static readonly List<UnitInfo> Units =
    [
        new() { Code = "950001", Name = "某市测试局本级", Kind = "行政单位" },
        new() { Code = "950002", Name = "某市测试事务中心", Kind = "事业单位" },
    ];

    private static (FilledDocument Filled, CheckReport Report) Fill(TableSetDefinition set, DepartmentKind kind, int seed, int year)
    {
        var ledger = SyntheticLedger.Create(kind, "某市" + kind.Name, Units, seed, year);
        var header = new DisclosureDocument { Slug = "t", Title = "某市" + kind.Name, Region = ["某省", "某市"], Year = year, Kind = set.Kind, Department = new DepartmentInfo { Name = "某市" + kind.Name, Units = Units } };
        var filled = TableSetFiller.Fill(set, ledger, Codes.For(year, header.Region), header);
        return (filled, CheckEngine.Run(filled.Document, set.Requirements(), set.Rules, Codes.For(year, header.Region), null, set));
    }

    [Fact]
    public void EveryBudgetSetBuiltInGivesConsistentDisclosuresOrSaysWhyNot()
    {
        var clean = new List<string>();
        foreach (var set in Sets.Value)
        {
            var (filled, report) = Fill(set, SyntheticCatalog.Kinds[0], 7, 2024);
            var errors = report.Findings.Where(f => f.Severity == Severity.Error).Select(f => $"{f.Rule} {f.Table} {f.Row} {f.Column} {f.Expected} {f.Actual} {f.Message}").ToList();
            output.WriteLine($"{set.Code}: problems {filled.Problems.Count}, errors {errors.Count}, passed {report.Passed}, warnings {report.Warnings}");
            foreach (var line in filled.Problems.Concat(errors).Take(12))
            {
                output.WriteLine("   " + line);
            }

            if (filled.Problems.Count == 0 && errors.Count == 0)
            {
                clean.Add(set.Code);
            }
        }

        output.WriteLine("clean: " + string.Join(", ", clean));
        clean.ShouldContain("liaoning-province-budget");
        clean.ShouldContain("shanghai-district-budget");
    }

    [Fact]
    public void EveryKindOfDepartmentIsConsistentInEveryYearWithItsOwnClasses()
    {
        var set = Sets.Value.Single(s => s.Code == "liaoning-province-budget");
        var classes = new HashSet<string>();
        for (var k = 0; k < SyntheticCatalog.Kinds.Count; k++)
        {
            foreach (var year in new[] { 2019, 2025 })
            {
                var (filled, report) = Fill(set, SyntheticCatalog.Kinds[k], k * 31, year);
                filled.Problems.ShouldBeEmpty(SyntheticCatalog.Kinds[k].Name);
                report.Errors.ShouldBe(0, $"{SyntheticCatalog.Kinds[k].Name} {year}: {string.Join("; ", report.Findings.Where(f => f.Severity == Severity.Error).Take(3).Select(f => f.Rule + " " + f.Row))}");
                report.Passed.ShouldBeGreaterThan(50);
                var expenditure = filled.Document.Tables.Single(t => t.Code == "expenditure");
                classes.UnionWith(expenditure.Rows.Where(r => r.Code is { Length: 3 }).Select(r => r.Code!));
                filled.Document.Tables.Single(t => t.Code == "projects").Rows.Count(r => r.Project is not null).ShouldBeGreaterThan(1);
            }
        }

        // Classes well beyond the reference documents' three (208, 210, 221).
        classes.Count.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void TablesAreInTheirSetsUnitYuanOrWanYuanAndStateTheSameMoney()
    {
        var yuanSet = Sets.Value.Single(s => s.Code == "shanghai-district-budget");
        var wanSet = Sets.Value.Single(s => s.Code == "liaoning-province-budget");
        var inYuan = Fill(yuanSet, SyntheticCatalog.Kinds[3], 11, 2023).Filled.Document;
        var inWan = Fill(wanSet, SyntheticCatalog.Kinds[3], 11, 2023).Filled.Document;

        static decimal Total(TableDocument t) => t.Rows.First(r => r.Role == RowRoles.Total).Cells.First(c => c.Number is not null).Number!.Value;
        var yuan = inYuan.Tables.Single(t => t.Code == "gpb_expenditure");
        var wan = inWan.Tables.Single(t => t.Code == "gpb_expenditure");
        yuan.Unit.ShouldBe("元");
        wan.Unit.ShouldBe("万元");
        inYuan.Tables.Single(t => t.Code == "three_public").Unit.ShouldBe("万元");
        (Total(yuan) / 10_000m).ShouldBe(Total(wan));
    }
}
