using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Tests.Regions;

/// <summary>
/// The narrative rules of the Shanghai district set on the three budgets of 万里街道办事处 (2023–2025), and each year's
/// statements about the year before against that year's disclosure (read from ../shared, never committed).
/// </summary>
public sealed class PutuoNarrativeTests
{
    private static List<Finding> Narrative(string file)
    {
        var document = PutuoSamples.Read(file);
        var set = TableSetJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TableSets", PutuoSamples.DepartmentSet + ".json")), PutuoSamples.DepartmentSet);
        return [.. CheckEngine.Run(document, [], [.. set.Rules.Where(r => r.Kind == "narrative")]).Findings.Where(f => f.Severity != Severity.Pass)];
    }

    [PutuoFact]
    public void WanliRatesThatDoNotFollowFromTheirFiguresAreErrors()
    {
        // Besides the two wrong rates, 2023 prints "增加100.00%" twice against an execution of 0 (no rate follows from 0) and
        // explains 职业年金 and 城管执法 with another 项's reason (W7); 2024 repeats the 0-execution rate once and both reasons.
        Narrative("wanli-2023-budget").Select(f => (f.Rule, f.Severity, f.Expected, f.Actual))
            .ShouldBe([("W5-change", Severity.Error, (decimal?)null, (decimal?)100.00m), ("W5-change", Severity.Error, 289.12m, 314.82m), ("W5-change", Severity.Error, 232.79m, 60.54m),
                ("W5-change", Severity.Error, (decimal?)null, (decimal?)100.00m), ("W7-reason", Severity.Warning, (decimal?)null, (decimal?)null), ("W7-reason", Severity.Warning, (decimal?)null, (decimal?)null)]);
        Narrative("wanli-2024-budget").Select(f => (f.Rule, f.Severity, f.Expected, f.Actual))
            .ShouldBe([("W5-change", Severity.Error, (decimal?)null, (decimal?)100.00m), ("W5-change", Severity.Error, 1.19m, 0.53m),
                ("W7-reason", Severity.Warning, (decimal?)null, (decimal?)null), ("W7-reason", Severity.Warning, (decimal?)null, (decimal?)null), ("W7-reason", Severity.Warning, (decimal?)null, (decimal?)null)]);
        Narrative("wanli-2025-budget").ShouldBeEmpty();
    }

    [PutuoFact]
    public void WanliComparisonsWithTheYearBeforeMatchThatYearsDisclosureAsPrinted()
    {
        var budgets = new[] { "wanli-2023-budget", "wanli-2024-budget", "wanli-2025-budget" }.Select(PutuoSamples.Read).ToList();

        var findings2024 = CrossDocumentChecks.AgainstPreviousYear(budgets[1], budgets[0]);
        var findings2025 = CrossDocumentChecks.AgainstPreviousYear(budgets[2], budgets[1]);

        // "比2023年预算减少876.75万元" and "比2024年预算增加3,355.65万元" are the differences of the two years' totals as
        // each year prints them in 万元 (the tables hold 元): right, not 尾差.
        findings2024.ShouldContain(f => f.Row!.Contains("876.75万元", StringComparison.Ordinal));
        findings2025.ShouldContain(f => f.Row!.Contains("3,355.65万元", StringComparison.Ordinal));
        findings2024.Concat(findings2025).ShouldAllBe(f => f.Severity == Severity.Pass);
        // 财政拨款收入, 财政拨款支出预算, 一般公共预算, "三公" total, 公务用车 and its 购置费; and the five "持平" (政府性基金,
        // 国有资本经营, 因公出国, 公务用车运行费, 公务接待费).
        findings2024.Count.ShouldBe(11);
        findings2025.Count.ShouldBe(11);
    }
}
