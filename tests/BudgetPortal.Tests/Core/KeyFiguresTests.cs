using BudgetPortal.Core.Figures;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core;

/// <summary>Headline figures read from the five reference disclosures, each with its own table layout.</summary>
public sealed class KeyFiguresTests
{
    public static TheoryData<string, decimal, decimal, decimal, decimal, decimal> Expected() => new()
    {
        // slug, 收入总计 (= 支出总计), 基本支出, 项目支出, 三公经费 (决算数 for final accounts), 机关运行经费
        { "liaoning-2023-budget", 12884.35m, 2127.04m, 10757.31m, 16.60m, 145.40m },
        { "fushun-2023-final", 6309.22m, 1223.72m, 5085.49m, 4.50m, 34.26m },
        { "lushi-2023-budget", 780.84m, 559.37m, 221.47m, 3.30m, 2.35m },
        { "shenyang-2024-final", 3707.54m, 3260.44m, 447.10m, 0.70m, 364.47m },
        { "anshan-2025-budget", 2220.40m, 2009.29m, 211.11m, 7.30m, 118.06m },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void ReadsTotalsBasicProjectThreePublicAndOfficeRunning(
        string slug, decimal total, decimal basic, decimal project, decimal threePublic, decimal officeRunning)
    {
        var figures = KeyFigures.From(ReferenceFiles.BySlug(slug));

        figures.TotalIncome.ShouldBe(total);
        figures.TotalExpenditure.ShouldBe(total);
        figures.Basic.ShouldBe(basic);
        figures.Project.ShouldBe(project);
        figures.ThreePublic.ShouldBe(threePublic);
        figures.OfficeRunning.ShouldBe(officeRunning);
    }

    [Theory]
    [InlineData("liaoning-2023-budget", null, "1.7", "14.9")]
    [InlineData("fushun-2023-final", null, null, "4.5")]
    [InlineData("lushi-2023-budget", null, "0.3", "3.0")]
    [InlineData("shenyang-2024-final", null, null, "0.7")]
    [InlineData("anshan-2025-budget", null, "0.1", "7.2")]
    public void ReadsTheThreePublicPartsWithBlankAsNull(string slug, string? abroad, string? reception, string? vehicles)
    {
        var figures = KeyFigures.From(ReferenceFiles.BySlug(slug));

        figures.Abroad.ShouldBe(abroad is null ? null : decimal.Parse(abroad, System.Globalization.CultureInfo.InvariantCulture));
        figures.Reception.ShouldBe(reception is null ? null : decimal.Parse(reception, System.Globalization.CultureInfo.InvariantCulture));
        figures.Vehicles.ShouldBe(vehicles is null ? null : decimal.Parse(vehicles, System.Globalization.CultureInfo.InvariantCulture));
        ((figures.Abroad ?? 0m) + (figures.Reception ?? 0m) + (figures.Vehicles ?? 0m)).ShouldBe(figures.ThreePublic!.Value);
    }

    [Fact]
    public void ADisclosureWithoutTheTablesHasNoFiguresRatherThanZeros()
    {
        var document = ReferenceFiles.BySlug("lushi-2023-budget") with { Tables = [], Sections = [] };

        var figures = KeyFigures.From(document);

        figures.ShouldBe(new KeyFigures());
    }
}
