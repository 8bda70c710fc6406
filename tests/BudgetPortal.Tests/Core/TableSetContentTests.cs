using System.Text.Json;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core;

/// <summary>
/// The built-in table sets hold the templates' printed items only, never a reference department's classes, units or
/// funds, and derive-table-set produces the same rows from the reference disclosures.
/// </summary>
public sealed class TableSetContentTests
{
    private static readonly CodeBook Codes = CodeBook.LoadFolder(Path.Combine(AppContext.BaseDirectory, "CodeLists"));

    private static IEnumerable<TableSetDefinition> BuiltInSets() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TableSets"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => TableSetJson.Parse(File.ReadAllText(f), Path.GetFileName(f)));

    private static TableSetDefinition BuiltIn(string code) => BuiltInSets().Single(s => s.Code == code);

    private static string RowsJson(IEnumerable<RowDocument> rows) =>
        JsonSerializer.Serialize(rows.Select(r => r with { Key = null }), DisclosureJson.Options);

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public void DerivingASetFromAReferenceDisclosureGivesTheBuiltInSetsFixedRows(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var builtIn = BuiltIn(document.TableSet!);

        var derived = TableSetDerivation.From(document, builtIn.Code, builtIn.Name, Codes);

        var compared = 0;
        foreach (var table in derived.Tables.Where(t => t.FixedRows is not null))
        {
            var source = document.Tables.First(t => t.Number == table.Number);
            var template = builtIn.Tables.FirstOrDefault(t => t.Number == table.Number && t.Code == table.Code);
            if (source.Missing || template is null)
            {
                continue;
            }

            RowsJson(table.FixedRows!).ShouldBe(RowsJson(template.FixedRows ?? []), $"{slug} {table.Number}");
            compared++;
        }

        compared.ShouldBeGreaterThan(2);
    }

    [Fact]
    public void NoBuiltInSetCarriesAReferenceDepartmentsClassesUnitsOrFunds()
    {
        var names = ReferenceFiles.All.SelectMany(d => d.Department.Units.Select(u => u.Name).Append(d.Department.Name)).ToHashSet();
        foreach (var set in BuiltInSets())
        {
            foreach (var table in set.Tables)
            {
                var texts = (table.FixedRows ?? []).SelectMany(r => r.Cells).Select(c => c.Text).OfType<string>().ToList();
                texts.ShouldNotContain(t => t.Contains("医疗保障") || t.Contains("医保") || names.Contains(t), $"{set.Code} {table.Number}");
            }
        }

        // The budgets print only the department's own 类: their summaries pre-fill none.
        foreach (var code in new[] { "liaoning-province-budget", "anshan-budget-2025" })
        {
            var resolver = new RowResolver(null, Codes);
            BuiltIn(code).Tables.Where(t => t.FixedRows is not null).SelectMany(t => t.FixedRows!).SelectMany(r => r.Cells)
                .Select(c => c.Text).OfType<string>().ShouldNotContain(t => resolver.ClassOf(t, null) != null, code);
        }
    }

    [Fact]
    public void TheReferenceSetsRulesAddressRowsByCodeRoleKeyOrClass()
    {
        string[] reference = ["liaoning-province-budget", "anshan-budget-2025", "henan-county-budget", "final-accounts-9", "final-accounts-9-shenyang"];
        foreach (var set in BuiltInSets().Where(s => reference.Contains(s.Code)))
        {
            var terms = set.Rules.SelectMany(r => (r.Right ?? []).Prepend(r.Left).OfType<CellTerm>());
            terms.ShouldAllBe(t => t.Row.Name == null && t.Row.Text == null, set.Code);
        }
    }

    private static ColumnNode Leaf(string key, string type) => new() { Key = key, Title = key, Type = type };

    /// <summary>A two-sided summary that prints "(一)一般公共预算拨款收入" twice, as 财政拨款收支总表 does.</summary>
    private static readonly List<ColumnNode> TwoSided = [Leaf("name", ColumnTypes.Text), Leaf("amount", ColumnTypes.Amount), Leaf("exp_name", ColumnTypes.Text), Leaf("exp_amount", ColumnTypes.Amount)];

    private static RowDocument Row(string? key, string? left, decimal? amount, string? right, decimal? expenditure, string? role = null) => new()
    {
        Key = key,
        Role = role,
        Cells = [CellValue.Of(left), amount is { } a ? CellValue.Of(a) : CellValue.Blank, CellValue.Of(right), expenditure is { } e ? CellValue.Of(e) : CellValue.Blank],
    };

    private static TableSetDefinition SetWith(params CheckRule[] rules) => new()
    {
        Code = "test-budget",
        Name = "测试表套",
        Kind = "budget",
        Tables =
        [
            new TableTemplateDefinition
            {
                Number = "表4", Code = "fiscal_summary", Title = "财政拨款收支总表", Columns = TwoSided,
                FixedRows =
                [
                    Row("current", "一、本年收入", null, "一、本年支出", null),
                    Row("gpb", "(一)一般公共预算拨款收入", null, null, null),
                    Row("carryover", "二、上年结转", null, null, null),
                    Row("carryover_gpb", "(一)一般公共预算拨款收入", null, null, null),
                    Row("grand_total", "收入总计", null, "支出总计", null, RowRoles.Total),
                ],
            },
            new TableTemplateDefinition
            {
                Number = "表5", Code = "gpb_expenditure", Title = "一般公共预算支出表", RowKind = "functional",
                Columns = [new ColumnNode { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code }, new ColumnNode { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name }, Leaf("total", ColumnTypes.Amount)],
            },
        ],
        Rules = [.. rules],
    };

    /// <summary>An education bureau's 表4 and 表5: its own classes, numbered its own way.</summary>
    private static DisclosureDocument EducationBureau(decimal carryover) => DisclosureBuilder.ForDepartment("某区教育局").InRegion("某省", "某区").ForYear(2025)
        .WithSlug("edu-2025-budget")
        .WithTable(TableBuilder.Table("表4", "fiscal_summary", "财政拨款收支总表").WithoutUnit().WithColumns([.. TwoSided]).WithRows(
            Row(null, "一、本年收入", 150, "一、本年支出", 150),
            Row(null, "(一)一般公共预算拨款收入", 150, "(一)教育支出", 120),
            Row(null, null, null, "(二)社会保障和就业支出", 30),
            Row(null, "二、上年结转", carryover, null, null),
            Row(null, "(一)一般公共预算拨款收入", carryover, null, null),
            Row(null, "收入总计", 150 + carryover, "支出总计", 150 + carryover, RowRoles.Total)).Build())
        .WithTable(TableBuilder.Classified("表5", "gpb_expenditure", "一般公共预算支出表", ("total", "total")).WithoutUnit()
            .WithTotal(150m).WithCodedRow("205", "教育支出", 120m).WithCodedRow("208", "社会保障和就业支出", 30m).Build())
        .Document();

    private static CellTerm Term(string key, string column) => new() { Table = "fiscal_summary", Row = new RowSelector { Key = key }, Column = column };

    [Fact]
    public void AKeyFindsTheSecondPrintingOfARepeatedItem()
    {
        var rule = new CheckRule { Id = "K1", Kind = "sum", Description = "上年结转 = 其中一般公共预算", Left = Term("carryover", "amount"), Right = [Term("carryover_gpb", "amount")] };
        var set = SetWith(rule);
        TableSetValidator.Validate(set).ShouldBeEmpty();

        var finding = CheckEngine.Run(EducationBureau(carryover: 7), [], set.Rules, Codes, set: set).Findings.Where(f => f.Rule == "K1").ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Pass);
        (finding.Actual, finding.Expected, finding.Row).ShouldBe((7m, 7m, "二、上年结转"));
    }

    [Fact]
    public void ARepeatedLabelWithoutKeyOrOccurrenceIsRefusedByTheValidator()
    {
        var rule = new CheckRule
        {
            Id = "K2", Kind = "sum", Description = "按名称",
            Left = new CellTerm { Table = "fiscal_summary", Row = new RowSelector { Name = "(一)一般公共预算拨款收入" }, Column = "amount" },
            Right = [new CellTerm { Table = "gpb_expenditure", Row = new RowSelector { Total = true }, Column = "total" }],
        };

        TableSetValidator.Validate(SetWith(rule)).ShouldHaveSingleItem().ShouldContain("出现 2 次，请改用 key 或写明 occurrence");
        TableSetValidator.Validate(SetWith(rule with { Left = rule.Left! with { Row = new RowSelector { Name = "(一)一般公共预算拨款收入", Occurrence = 2 } } })).ShouldBeEmpty();
    }

    [Fact]
    public void ClassRulesCoverWhicheverClassesTheDepartmentPrintsWithItsOwnOrdinals()
    {
        var set = SetWith(
            new CheckRule { Id = "C-{code}", Kind = "classes", Description = "各类 = 一般公共预算支出表同一类", Table = "fiscal_summary", Column = "exp_amount", OtherTable = "gpb_expenditure", OtherColumn = "total" },
            new CheckRule { Id = "C-total", Kind = "classes", Description = "本年支出 = 各类之和", Table = "fiscal_summary", Column = "exp_amount", Left = Term("current", "exp_amount") });
        TableSetValidator.Validate(set).ShouldBeEmpty();

        var findings = CheckEngine.Run(EducationBureau(carryover: 0), [], set.Rules, Codes, set: set).Findings;

        findings.Where(f => f.Rule.StartsWith('C')).Select(f => (f.Rule, f.Severity, f.Row)).ShouldBe(
        [
            ("C-205", Severity.Pass, "(一)教育支出"),
            ("C-208", Severity.Pass, "(二)社会保障和就业支出"),
            ("C-total", Severity.Pass, "一、本年支出"),
        ]);
    }
}
