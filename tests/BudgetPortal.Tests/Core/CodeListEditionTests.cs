using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core;

/// <summary>Code lists that do not cry wolf: editions by year and region, complete or not.</summary>
public sealed class CodeListEditionTests
{
    private static CodeList Functional(string? edition, int? year, string? region, bool complete, params string[] codes) => new()
    {
        Code = "functional",
        Name = "支出功能分类科目",
        Prefix = "2",
        Edition = edition,
        Year = year,
        Region = region,
        Complete = complete,
        Entries = [.. codes.Select(c => new CodeEntry(c, c == "205" ? "教育支出" : c == "20502" ? "普通教育" : "小学教育"))],
    };

    private static DisclosureDocument Doc(int year, params string[] codes) => new()
    {
        Slug = "edu",
        Title = "某区教育局",
        Region = ["某省", "某市", "某区"],
        Department = new DepartmentInfo { Name = "某区教育局" },
        Year = year,
        Kind = "budget",
        Tables =
        [
            RowIdentity.Apply(new TableDocument
            {
                Number = "表3", Code = "expenditure", Title = "支出表",
                Columns = [new ColumnNode { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code }, new ColumnNode { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name }],
                Rows = [.. codes.Select(c => new RowDocument { Cells = [CellValue.Of(c), CellValue.Blank] })],
            }),
        ],
    };

    [Fact]
    public void ACodeOutsideAnIncompleteListIsOnlyInformation()
    {
        var book = new CodeBook([Functional(null, null, null, complete: false, "205", "20502")]);

        var finding = CheckEngine.Run(Doc(2025, "2050201"), [], [], book.For(2025, ["某省"])).Findings.Single(f => f.Rule == "N2");

        finding.Severity.ShouldBe(Severity.Info);
        finding.Message!.ShouldContain("不完整");
    }

    [Fact]
    public void ACodeOutsideACompleteEditionIsAWarning()
    {
        var book = new CodeBook([Functional("2025 全国", 2025, null, complete: true, "205", "20502")]);

        CheckEngine.Run(Doc(2025, "2050201"), [], [], book.For(2025, ["某省"])).Findings.Single(f => f.Rule == "N2").Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void EachDisclosureIsCheckedAgainstTheEditionOfItsYearAndRegion()
    {
        var book = new CodeBook(
        [
            Functional("内置", null, null, complete: false, "205"),
            Functional("2024 全国", 2024, null, complete: true, "205", "20502"),
            Functional("2025 全国", 2025, null, complete: true, "205", "20502", "2050201"),
            Functional("2025 某市", 2025, "某市", complete: true, "205"),
            Functional("2025 别市", 2025, "别市", complete: true, "205", "20502", "2050201"),
        ]);

        book.For(2025, ["某省", "某市", "某区"]).Lists.ShouldHaveSingleItem().Edition.ShouldBe("2025 某市");
        book.For(2025, ["某省", "另一市"]).Lists.ShouldHaveSingleItem().Edition.ShouldBe("2025 全国");
        book.For(2026, ["某省"]).Lists.ShouldHaveSingleItem().Edition.ShouldBe("2025 全国");
        book.For(2023, ["某省"]).Lists.ShouldHaveSingleItem().Edition.ShouldBe("内置");
    }
}
