using System.Text.RegularExpressions;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core.Narrative;

/// <summary>
/// The drafted 情况说明 (<see cref="NarrativeDrafter"/>): on each reference disclosure and on a department the seeds do
/// not have (tables in 元), the draft with its slots filled passes every narrative and text rule of its set; its reason
/// slots are reported until filled; a figure changed in a table makes the old draft fail until it is redrafted.
/// </summary>
public sealed partial class NarrativeDrafterTests
{
    private static TableSetDefinition Set(string code) =>
        TableSetJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TableSets", code + ".json")), code);

    /// <summary>What staff do after drafting: a reason written in each "……", each count and each amount no table holds.</summary>
    public static string Fill(string body)
    {
        body = body.Replace(NarrativeDrafter.ReasonSlot, "工作任务调整", StringComparison.Ordinal);
        body = CountSlot().Replace(body, "0${u}");
        return AmountSlot().Replace(body, "0.00万元");
    }

    private static DisclosureDocument WithDraft(DisclosureDocument document, Func<string, string>? edit = null)
    {
        var draft = NarrativeDrafter.Draft(document);
        var body = edit is null ? draft.Body : edit(draft.Body);
        return document with { Sections = [.. document.Sections.Where(s => s.Key != NarrativeDrafter.SectionKey), draft with { Body = body }] };
    }

    /// <summary>Every rule about the narrative (kinds narrative and text) of the document's set.</summary>
    private static List<Finding> NarrativeFindings(DisclosureDocument document, TableSetDefinition set) =>
        [.. CheckEngine.Run(document, [], [.. set.Rules.Where(r => r.Kind is "narrative" or "text")], set: set).Findings
            // The forms' executed total against 项目支出 (W12) is about the tables, whatever the text says.
            .Where(f => f.Severity != Severity.Pass && f.Column != "自评执行数")];

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join("\n", findings.Select(f => $"{f.Rule} {f.Severity} {f.Row} {f.Message}"));

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public void DraftOfEachReferenceDisclosurePassesEveryNarrativeRule(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var set = Set(document.TableSet!);

        var findings = NarrativeFindings(WithDraft(document, Fill), set);

        findings.ShouldBeEmpty(Describe(findings));
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public void UnfilledSlotsAreReportedUntilWritten(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var set = Set(document.TableSet!);

        var findings = NarrativeFindings(WithDraft(document), set);

        findings.ShouldContain(f => f.Rule == "W1-blank");
        findings.ShouldAllBe(f => f.Rule == "W1-blank" || f.Column == "待填写", Describe(findings));
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public void AFigureChangedInATableFailsTheDraftUntilRedrafted(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var set = Set(document.TableSet!);
        var drafted = WithDraft(document, Fill);

        var changed = drafted with { Tables = [.. drafted.Tables.Select(t => t.Code == "three_public" ? Bump(t) : t)] };

        NarrativeFindings(changed, set).ShouldContain(f => f.Severity == Severity.Error);
        NarrativeFindings(WithDraft(changed, Fill), set).ShouldBeEmpty();
    }

    /// <summary>
    /// A budget drafted with last year's budget held states each 类 and 项 of the 一般公共预算 against last year's by code,
    /// with a reason slot; filled, it passes every narrative rule and the check against last year (X1); one figure of last
    /// year's table changed makes X1 fail on that 项.
    /// </summary>
    [Theory]
    [InlineData("anshan-2025-budget")]
    [InlineData("liaoning-2023-budget")]
    public void ABudgetDraftedWithLastYearStatesEachItemsChangeWithAReasonSlot(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var previous = Scaled(document, 0.9m) with { Year = document.Year - 1, Slug = slug + "-previous" };

        var (filled, items) = FilledAndPassing(document, NarrativeDrafter.Draft(document, previous), ItemChange());

        var across = CrossDocumentChecks.AgainstPreviousYear(filled, previous);
        across.Count(f => f.Row!.Contains("（项）安排", StringComparison.Ordinal) && f.Column == "上年数").ShouldBe(items);
        across.Where(f => f.Severity != Severity.Pass).ShouldBeEmpty(Describe(across.Where(f => f.Severity != Severity.Pass)));
        CrossDocumentChecks.AgainstPreviousYear(filled, FirstItemBumped(previous))
            .ShouldContain(f => f.Severity == Severity.Error && f.Row!.Contains("（项）安排", StringComparison.Ordinal));
    }

    /// <summary>
    /// A final account drafted with the same year's budget held states each 类's and 项's completion of the 年初预算, with a
    /// reason slot where they differ; filled, it passes every narrative rule and the check against that budget (X2); one
    /// figure of the budget changed makes X2 fail on that 项.
    /// </summary>
    [Theory]
    [InlineData("fushun-2023-final")]
    [InlineData("shenyang-2024-final")]
    public void AFinalAccountDraftedWithItsBudgetStatesEachItemsCompletion(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var budget = Scaled(document, 1.1m) with { Kind = DisclosureKinds.Budget, Slug = slug + "-budget" };

        var (filled, items) = FilledAndPassing(document, NarrativeDrafter.Draft(document, null, budget), ItemCompletion());

        var against = CrossDocumentChecks.AgainstBudget(filled, budget);
        against.Count.ShouldBe(items);
        against.ShouldAllBe(f => f.Severity == Severity.Pass, Describe(against));
        CrossDocumentChecks.AgainstBudget(filled, FirstItemBumped(budget)).ShouldContain(f => f.Severity == Severity.Error);
    }

    /// <summary>The draft with its slots filled (its lines of <paramref name="lines"/> counted, at least one), passing every narrative rule of its set.</summary>
    private static (DisclosureDocument Filled, int Items) FilledAndPassing(DisclosureDocument document, NarrativeSection draft, Regex lines)
    {
        var items = lines.Count(draft.Body);
        items.ShouldBeGreaterThan(0, draft.Body);
        var filled = document with { Sections = [.. document.Sections.Where(s => s.Key != NarrativeDrafter.SectionKey), draft with { Body = Fill(draft.Body) }] };
        var findings = NarrativeFindings(filled, Set(document.TableSet!));
        findings.ShouldBeEmpty(Describe(findings));
        return (filled, items);
    }

    private static DisclosureDocument FirstItemBumped(DisclosureDocument document) =>
        document with { Tables = [.. document.Tables.Select(t => t.Code == "gpb_expenditure" ? BumpFirstItem(t) : t)] };

    /// <summary>The disclosure with every amount of its 一般公共预算 table multiplied by <paramref name="factor"/> (as printed).</summary>
    private static DisclosureDocument Scaled(DisclosureDocument document, decimal factor) => document with
    {
        Tables = [.. document.Tables.Select(t => t.Code != "gpb_expenditure" ? t : t with
        {
            Rows = [.. t.Rows.Select(r => r with
            {
                Cells = [.. r.Cells.Select((c, i) => i < t.Leaves().Count && t.Leaves()[i].Type == ColumnTypes.Amount && c.Number is { } v
                    ? CellValue.Of(Math.Round(v * factor, t.Decimals, MidpointRounding.AwayFromZero)) : c)],
            })],
        })],
    };

    /// <summary>The first 项 (7-digit code) with a figure, one unit higher in its first amount column.</summary>
    private static TableDocument BumpFirstItem(TableDocument table)
    {
        var column = table.Leaves().ToList().FindIndex(l => l.Type == ColumnTypes.Amount);
        var row = table.Rows.FindIndex(r => r.Code is { Length: 7 } && r.Cells[column].Number is > 0m);
        var rows = table.Rows.ToList();
        var cells = rows[row].Cells.ToList();
        cells[column] = CellValue.Of(cells[column].Number!.Value + 1m);
        rows[row] = rows[row] with { Cells = cells };
        return table with { Rows = rows };
    }

    [GeneratedRegex(@"（项）安排[^。]*?，比上年(?:增加|减少)")]
    private static partial Regex ItemChange();

    [GeneratedRegex(@"（项）支出[^。]*?，完成年初预算的")]
    private static partial Regex ItemCompletion();

    /// <summary>The "三公" total (a budget's one row, a final account's 决算数 of the total row) one unit higher.</summary>
    private static TableDocument Bump(TableDocument table)
    {
        var leaves = table.Leaves();
        var key = leaves.Any(l => l.Key == "final") ? "final" : "total";
        var column = leaves.ToList().FindIndex(l => l.Key == key);
        var row = table.Rows.FindIndex(r => r.Role == RowRoles.Total);
        row = row < 0 ? 0 : row;
        var cells = table.Rows[row].Cells.ToList();
        cells[column] = CellValue.Of((cells[column].Number ?? 0m) + 1m);
        var rows = table.Rows.ToList();
        rows[row] = rows[row] with { Cells = cells };
        return table with { Rows = rows };
    }

    // ------------------------------------------------------------------ a department the seeds do not have, in 元

    private static readonly TableSetDefinition District = Set("shanghai-district-budget");

    private static TableDocument Template(string code, params RowDocument[] rows)
    {
        var template = District.Tables.Single(t => t.Code == code);
        return new TableDocument { Number = template.Number, Code = code, Title = template.Title, Unit = template.Unit, Decimals = 2, Columns = template.Columns, Rows = [.. rows] };
    }

    private static RowDocument Row(string? code, string name, params decimal?[] amounts)
    {
        var cells = new List<CellValue> { CellValue.Blank, CellValue.Blank, CellValue.Blank, CellValue.Of(name) };
        cells.AddRange(amounts.Select(a => a is { } v ? CellValue.Of(v) : CellValue.Blank));
        return new RowDocument { Code = code, Name = name, Role = code is null ? RowRoles.Total : null, Cells = cells };
    }

    /// <summary>青山市林业局, 2026 budget: tables 1–8 in 元, the "三公" table in 万元.</summary>
    public static DisclosureDocument Forestry(decimal administration = 4_123_456.78m) => new()
    {
        Slug = "qingshan-forestry-2026-budget",
        Title = "青山市林业局2026年部门预算",
        Region = ["测试省", "青山市"],
        Department = new DepartmentInfo { Name = "青山市林业局", Units = [new UnitInfo { Name = "青山市林业局本级" }] },
        Year = 2026,
        Kind = DisclosureKinds.Budget,
        TableSet = "shanghai-district-budget",
        Sections = [new NarrativeSection { Key = "overview", Title = "部门主要职能", Body = "负责全市林业和草原工作。" }],
        Tables =
        [
            Template("summary",
                new RowDocument { Cells = [CellValue.Of("一、财政拨款收入"), CellValue.Of(administration + 2_000_000m + 1_500_000.22m), CellValue.Of("一、农林水支出"), CellValue.Of(administration + 2_000_000m + 1_500_000.22m)] },
                new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Of("收入总计"), CellValue.Of(administration + 2_000_000m + 1_500_000.22m), CellValue.Of("支出总计"), CellValue.Of(administration + 2_000_000m + 1_500_000.22m)] }),
            Template("expenditure",
                Row(null, "合计", administration + 3_500_000.22m, administration + 1_500_000.22m, 2_000_000m)),
            Template("gpb_expenditure",
                Row(null, "合计", administration + 3_500_000.22m, administration + 1_500_000.22m, 2_000_000m),
                Row("213", "农林水支出", administration + 2_000_000m, administration, 2_000_000m),
                Row("21302", "林业和草原", administration + 2_000_000m, administration, 2_000_000m),
                Row("2130201", "行政运行", administration, administration, null),
                Row("2130234", "林业草原防灾减灾", 2_000_000m, null, 2_000_000m),
                Row("221", "住房保障支出", 1_500_000.22m, 1_500_000.22m, null),
                Row("22102", "住房改革支出", 1_500_000.22m, 1_500_000.22m, null),
                Row("2210201", "住房公积金", 1_500_000.22m, 1_500_000.22m, null)),
            Template("gpb_basic",
                new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Blank, CellValue.Blank, CellValue.Of("合计"), CellValue.Of(administration + 1_500_000.22m), CellValue.Of(administration + 1_500_000.22m - 321_000m), CellValue.Of(321_000m)] }),
            Template("three_public",
                new RowDocument { Cells = [CellValue.Of(12.30m), CellValue.Of(0m), CellValue.Of(1.30m), CellValue.Of(11.00m), CellValue.Of(0m), CellValue.Of(11.00m), CellValue.Of(32.10m)] }),
        ],
    };

    [Fact]
    public void DraftOfADepartmentInYuanQuotesYuanAndPassesEveryNarrativeRule()
    {
        var document = Forestry();

        var drafted = WithDraft(document, Fill);
        var body = drafted.Sections.Single(s => s.Key == NarrativeDrafter.SectionKey).Body;

        body.ShouldContain("收入总计7623457.00元");
        body.ShouldContain("农林水支出（类）林业和草原（款）林业草原防灾减灾（项）安排2000000.00元");
        body.ShouldContain("机关运行经费预算为32.10万元");
        var findings = NarrativeFindings(drafted, District);
        findings.ShouldBeEmpty(Describe(findings));
    }

    [Fact]
    public void ChangingOneFigureOfTheYuanTablesFailsTheDraftUntilRedrafted()
    {
        var drafted = WithDraft(Forestry(), Fill);
        var changed = Forestry(administration: 4_123_556.78m) with { Sections = drafted.Sections };

        NarrativeFindings(changed, District).ShouldContain(f => f.Severity == Severity.Error && f.Rule == "W13-quoted");
        NarrativeFindings(WithDraft(Forestry(administration: 4_123_556.78m), Fill), District).ShouldBeEmpty();
    }

    [Fact]
    public void ChangesAgainstLastYearCarryAReasonSlot()
    {
        var previous = Forestry(administration: 3_623_456.78m) with { Year = 2025 };

        var body = NarrativeDrafter.Draft(Forestry(), previous).Body;

        body.ShouldContain("比上年增加500000.00元，增长");
        body.ShouldContain("主要原因是" + NarrativeDrafter.ReasonSlot);
        var filled = Forestry() with { Sections = [new NarrativeSection { Key = "explanation", Title = "情况说明", Body = Fill(body) }] };
        NarrativeFindings(filled, District).ShouldBeEmpty();
    }

    [GeneratedRegex(@"(?<=团组|项目|累计|用车|保有量|（不含车辆）)(?<u>个|人次|批次|辆|台（套）)")]
    private static partial Regex CountSlot();

    [GeneratedRegex(@"(?<=[\u4e00-\u9fa5])万元(?=[，。；])")]
    private static partial Regex AmountSlot();
}
