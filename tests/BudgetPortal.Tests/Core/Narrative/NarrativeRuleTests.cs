using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core.Narrative;

/// <summary>
/// Each narrative rule kind on a sentence that is right (no finding but passes) and one that is wrong, in the wording of
/// the reference disclosures, with a department and figures they do not have.
/// </summary>
public sealed class NarrativeRuleTests
{
    private static DisclosureDocument Doc(string body, string kind = "final", int year = 2025, params TableDocument[] tables) => new()
    {
        Slug = "t",
        Title = "测试",
        Department = new DepartmentInfo { Name = "青山市林业局", Units = [new UnitInfo { Name = "青山市林业局本级" }] },
        Year = year,
        Kind = kind,
        Sections = [new NarrativeSection { Key = "explanation", Title = "情况说明", Body = body }],
        Tables = [.. tables],
    };

    private static List<Finding> Run(string check, DisclosureDocument doc, string? table = null, string? column = null, string? other = null) =>
        [.. CheckEngine.Run(doc, [], [new CheckRule { Id = "W", Kind = "narrative", Check = check, Description = "测试", Table = table, Column = column, OtherColumn = other }]).Findings];

    private static List<Finding> Run(string check, string body, string kind = "final", int year = 2025) => Run(check, Doc(body, kind, year));

    private static List<Finding> Problems(List<Finding> findings) => [.. findings.Where(f => f.Severity != Severity.Pass)];

    [Fact]
    public void BlankAmountSlotIsAnError()
    {
        Problems(Run("blank", "其中：一般公共预算财政拨款收入412.50万元，政府性基金预算财政拨款收入0.00万元。")).ShouldBeEmpty();

        var finding = Problems(Run("blank", "其中：一般公共预算财政拨款收入412.50万元，政府性基金预算财政拨款收入万元。")).ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Error);
        finding.Message!.ShouldContain("政府性基金预算财政拨款收入");
    }

    [Fact]
    public void BlankCountSlotsAreErrors()
    {
        Problems(Run("blank", "2025年参加出国（境）团组0个，累计0人次。")).ShouldBeEmpty();

        Problems(Run("blank", "2025年参加出国（境）团组个，累计人次。")).Count.ShouldBe(2);
    }

    [Fact]
    public void TemplateLeftoversAreWarnings()
    {
        Problems(Run("leftover", "“三公”经费预算比上年减少0.20万元，下降2.60%。")).ShouldBeEmpty();

        var findings = Problems(Run("leftover", "“三公”经费预算比上年XX万元，下降（增长）2.60%。"));
        findings.Count.ShouldBe(2);
        findings.ShouldAllBe(f => f.Severity == Severity.Warning);
    }

    [Fact]
    public void ARepeatedClauseIsAWarning()
    {
        Problems(Run("repeat", "应编制绩效目标的项目共3个，实际编制绩效目标的项目共3个。")).ShouldBeEmpty();

        Problems(Run("repeat", "实际编制绩效目标的项目共3个,实际编制绩效目标的项目共3个,涉及资金88万元。")).ShouldHaveSingleItem();
    }

    [Fact]
    public void ShareOfANamedTotalIsRecomputedAndTruncationIsAllowed()
    {
        var right = Run("share", "（一）收入总计780.84万元。\n\n1.财政拨款收入46.60万元，占收入总计的5.96%。");
        right.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        var wrong = Problems(Run("share", "（一）收入总计780.84万元。\n\n1.财政拨款收入46.60万元，占收入总计的6.50%。")).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Expected.ShouldBe(5.97m);
    }

    [Fact]
    public void ShareWithoutANamedBaseIsOfTheParagraphsLeadFigure()
    {
        Run("share", "基本支出年初预算为559.37万元。其中：人员经费支出542.48万元，占96.98%；公用经费支出16.89万元，占3.02%。")
            .ShouldAllBe(f => f.Severity == Severity.Pass);

        Problems(Run("share", "基本支出年初预算为559.37万元。其中：人员经费支出542.48万元，占69.98%。")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void ChangeRateFollowsFromTheChangeAndTheCurrentFigure()
    {
        Run("change", "2025年机关运行经费支出34.26万元，比上年减少4.54万元，降低11.70%。").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        var wrong = Problems(Run("change", "公务接待费0.1万元，比上年预算数减少0.2万元，下降50%。")).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Expected.ShouldBe(67m);
    }

    [Fact]
    public void ChangeRateOfANamedItemUsesThatItemsFigure()
    {
        const string text = "（一）收入总计6309.22万元，包括：\n\n1.财政拨款收入6309.22万元。\n\n与上年相比，今年收入总计减少5293.89万元，降低45.62%，主要原因：项目资金减少。";

        Run("change", text).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        Problems(Run("change", text.Replace("45.62%", "54.62%", StringComparison.Ordinal))).ShouldHaveSingleItem();
    }

    [Fact]
    public void PrintedPrecisionIsRespected()
    {
        Run("change", "部门收支预算2220.4万元，比上年减少90.67万元，降低3.9%。").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        Problems(Run("change", "部门收支预算2220.4万元，比上年减少90.67万元，降低3.8%。")).ShouldHaveSingleItem();
    }

    /// <summary>"比上年预算执行数增加100.00%" against an execution of 0: no rate follows from a previous figure of zero.</summary>
    [Fact]
    public void ARateAgainstAPreviousFigureOfZeroIsReported()
    {
        const string right = "1. “农林水支出（类）林业和草原（款）森林资源培育（项）”30.00万元，主要用于森林资源培育。2024年当年预算执行数为15.00万元，2025年预算安排30.00万元，比2024年预算执行数增加100.00%。主要原因是：森林资源培育经费增加。";
        Run("change", right, "budget").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        var wrong = Problems(Run("change", right.Replace("执行数为15.00万元", "执行数为0.00万元", StringComparison.Ordinal), "budget")).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Message!.ShouldContain("增减率无从计算");
    }

    /// <summary>A paragraph about one 项 whose reason ("<科目>经费增加") names another 项 of the narrative: a copied paragraph.</summary>
    [Fact]
    public void AReasonCopiedFromAnotherItemIsAWarning()
    {
        const string first = "1. “农林水支出（类）林业和草原（款）森林资源培育（项）”30.00万元，主要用于森林资源培育。2024年当年预算执行数为25.00万元，2025年预算安排30.00万元，比2024年预算执行数增加20.00%。主要原因是：森林资源培育经费增加。";
        const string second = "2. “农林水支出（类）林业和草原（款）技术推广与转化（项）”12.00万元，主要用于技术推广与转化。2024年当年预算执行数为10.00万元，2025年预算安排12.00万元，比2024年预算执行数增加20.00%。主要原因是：技术推广与转化经费增加。";
        Problems(Run("reason", first + "\n\n" + second, "budget")).ShouldBeEmpty();

        var copied = second.Replace("主要原因是：技术推广与转化经费增加", "主要原因是：森林资源培育经费增加", StringComparison.Ordinal);
        var wrong = Problems(Run("reason", first + "\n\n" + copied, "budget")).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Warning);
        wrong.Message!.ShouldContain("森林资源培育（项）");
    }

    [Fact]
    public void CompletionRateFromBudgetAndExecutionInTheSentence()
    {
        Run("completion", "项目全年预算数为30万元，执行数为18.14万元，完成预算的60.47%。").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        Problems(Run("completion", "项目全年预算数为30万元，执行数为18.14万元，完成预算的64.07%。")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void CompletionOnlyRoundingOfItsInputsExplainsIsRounding()
    {
        Problems(Run("completion", "项目全年预算数为17.5万元，执行数为11.89万元，完成预算的67.93%。")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Rounding);
    }

    [Fact]
    public void CompletionAgainstAZeroBudgetIsReported()
    {
        const string right = "（1）卫生健康支出（类）公共卫生（款）重大公共卫生服务（项）273.71万元，完成年初预算的100%，决算数与年初预算数无差异。";
        Problems(Run("completion", right)).ShouldBeEmpty();

        var finding = Problems(Run("completion", right.Replace("100%，决算数与年初预算数无差异", "0%，主要原因是年初无预算", StringComparison.Ordinal))).ShouldHaveSingleItem();
        finding.Message!.ShouldContain("年初预算为 0");
    }

    private static TableDocument ThreePublic(decimal? abroadBudget, decimal? abroadFinal) => new()
    {
        Number = "表9",
        Code = "three_public",
        Title = "“三公”经费支出决算表",
        Columns = [new ColumnNode { Key = "name", Title = "项目", Type = ColumnTypes.Text }, new ColumnNode { Key = "budget", Title = "预算数", Type = ColumnTypes.Amount }, new ColumnNode { Key = "final", Title = "决算数", Type = ColumnTypes.Amount }],
        Rows =
        [
            new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Of("合计"), CellValue.Of(abroadBudget ?? 0), CellValue.Of(abroadFinal ?? 0)] },
            new RowDocument { Level = 1, Cells = [CellValue.Of("1、因公出国（境）费"), abroadBudget is { } b ? CellValue.Of(b) : CellValue.Blank, abroadFinal is { } f ? CellValue.Of(f) : CellValue.Blank] },
        ],
    };

    [Fact]
    public void GreaterThanBudgetWordingIsCheckedAgainstTheTable()
    {
        const string text = "1.因公出国（境）费3.00万元，占“三公”经费支出的100.00%。完成预算的75.00%，决算数小于预算数的主要原因是压减出访。";
        Run("completion", Doc(text, tables: ThreePublic(4m, 3m)), "three_public", "final", "budget").ShouldAllBe(f => f.Severity == Severity.Pass);

        var findings = Problems(Run("completion", Doc(text.Replace("小于", "大于", StringComparison.Ordinal), tables: ThreePublic(4m, 3m)), "three_public", "final", "budget"));
        findings.ShouldHaveSingleItem().Message!.ShouldContain("小于");
    }

    /// <summary>
    /// A final account's table printing 年初预算数, 调整预算数 and 决算数: "完成年初预算的75.00%" is checked against the 年初
    /// figure, and a rate that is the share of the adjusted budget is reported as computed against the wrong budget.
    /// </summary>
    [Fact]
    public void ACompletionOfTheInitialBudgetTakenAgainstTheAdjustedBudgetIsAnError()
    {
        static TableDocument WithAdjusted(decimal initial, decimal adjusted, decimal final) => new()
        {
            Number = "表9",
            Code = "three_public",
            Title = "“三公”经费支出决算表",
            Columns =
            [
                new ColumnNode { Key = "name", Title = "项目", Type = ColumnTypes.Text }, new ColumnNode { Key = "budget", Title = "年初预算数", Type = ColumnTypes.Amount },
                new ColumnNode { Key = "adjusted_budget", Title = "调整预算数", Type = ColumnTypes.Amount }, new ColumnNode { Key = "final", Title = "决算数", Type = ColumnTypes.Amount },
            ],
            Rows =
            [
                new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Of("合计"), CellValue.Of(initial), CellValue.Of(adjusted), CellValue.Of(final)] },
                new RowDocument { Level = 1, Cells = [CellValue.Of("1、因公出国（境）费"), CellValue.Of(initial), CellValue.Of(adjusted), CellValue.Of(final)] },
            ],
        };
        const string text = "1.因公出国（境）费3.00万元，占“三公”经费支出的100.00%。完成年初预算的75.00%，决算数小于预算数的主要原因是压减出访。";

        Run("completion", Doc(text, tables: WithAdjusted(4m, 3.5m, 3m)), "three_public", "final", "budget").ShouldAllBe(f => f.Severity == Severity.Pass);

        var wrong = Problems(Run("completion", Doc(text, tables: WithAdjusted(5m, 4m, 3m)), "three_public", "final", "budget")).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Expected.ShouldBe(60.00m);
        wrong.Message!.ShouldContain("调整预算");
    }

    [Fact]
    public void ADifferenceWhoseReasonIsNoneIsAWarning()
    {
        Problems(Run("reason", "完成预算的100.00%，决算数持平预算数的主要原因是无。")).ShouldBeEmpty();

        Problems(Run("reason", "完成预算的%，决算数大于预算数的主要原因是无。")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void AnIncreaseOfZeroShouldSayUnchanged()
    {
        Problems(Run("reason", "政府性基金收支与上年持平。", "budget")).ShouldBeEmpty();

        Problems(Run("reason", "政府性基金收支增加0万元，增长0.00%。", "budget")).ShouldHaveSingleItem().Message!.ShouldContain("持平");
    }

    [Fact]
    public void ALargeChangeNeedsAReason()
    {
        Problems(Run("reason", "公务用车运行费1.33万元，比上年减少0.63万元，降低32.14%，主要是车辆减少。")).ShouldBeEmpty();

        Problems(Run("reason", "公务用车运行费1.33万元，比上年减少0.63万元，降低32.14%。")).ShouldHaveSingleItem().Message!.ShouldContain("原因");
    }

    [Fact]
    public void UnchangedWithAReasonForADecreaseIsAWarning()
    {
        Problems(Run("reason", "公务用车运行费7.2万元，与上年预算持平，无增减变化。主要原因是严格执行定额标准。", "budget")).ShouldBeEmpty();

        Problems(Run("reason", "公务用车运行费7.2万元，与上年预算持平，无增减变化。主要原因是加强公务用车管理，减少公车运行费支出。", "budget"))
            .ShouldHaveSingleItem().Message!.ShouldContain("减少");
    }

    [Fact]
    public void ARateBetweenLastYearsAndThisYearsFigureIsRecomputed()
    {
        const string text = "2024年当年预算执行数为114.00万元，2025年预算安排110.60万元，比2024年预算执行数减少2.98%。";
        Run("change", text, "budget").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        Problems(Run("change", text.Replace("2.98%", "0.53%", StringComparison.Ordinal), "budget")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
        Problems(Run("change", text.Replace("减少", "增加", StringComparison.Ordinal), "budget")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void AReasonThatContradictsTheDirectionIsAWarning()
    {
        const string text = "2024年当年预算执行数为114.00万元，2025年预算安排110.60万元，比2024年预算执行数减少2.98%。主要原因是：宣传经费减少。";
        Problems(Run("reason", text, "budget")).ShouldBeEmpty();

        Problems(Run("reason", text.Replace("宣传经费减少", "宣传经费增加", StringComparison.Ordinal), "budget")).ShouldHaveSingleItem().Message!.ShouldContain("增加");
    }

    [Fact]
    public void ATotalEqualsItsListedPartsInTheSameSentence()
    {
        Run("sum", "2025年度财政拨款支出3707.54万元，其中：基本支出3260.44万元，项目支出447.10万元。").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        Problems(Run("sum", "2025年度财政拨款支出3707.54万元，其中：基本支出3260.44万元，项目支出447.09万元。")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Rounding);
        Problems(Run("sum", "2025年度财政拨款支出3707.54万元，包括：基本支出3260.44万元，项目支出407.10万元。")).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void APartialListAfterQiZhongIsNotASum()
    {
        Problems(Run("sum", "上年结转结余25.31万元，其中上年财政专户管理资金超收收入0万元，政府性基金预算超收收入0万元。")).ShouldBeEmpty();
    }

    [Fact]
    public void ATotalEqualsItsEnumeratedParagraphs()
    {
        const string text = "（二）支出总计600.00万元，包括：\n\n1.基本支出500.00万元，占支出总计的83.33%。\n\n（1）明细1.00万元。\n\n2.项目支出100.00万元。\n\n与上年相比，今年支出持平。";
        Run("sum", text).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        Problems(Run("sum", text.Replace("100.00万元", "90.00万元", StringComparison.Ordinal))).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void PersonnelCostsFollowTheirStatedDefinition()
    {
        const string parts = "其中工资福利支出1825.31万元，商品和服务支出164.84万元，对个人和家庭的补助19.14万元。";
        Run("definition", parts + "\n\n人员经费（即工资福利支出与对个人和家庭补助支出之和）1844.45万元。").ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        var wrong = Problems(Run("definition", parts + "\n\n人员经费（即工资福利支出与对个人和家庭补助支出之和）1891.23万元。\n\n公用经费（即商品和服务支出）115.84万元。"));
        wrong.Count.ShouldBe(2);
        wrong.ShouldAllBe(f => f.Severity == Severity.Error);
    }

    [Fact]
    public void PublicFundsByDefaultIncludeCapitalSpending()
    {
        Run("definition", "其中：工资福利支出1101.68万元；商品和服务支出116.93万元；对个人和家庭的补助4.68万元；资本性支出0.43万元。\n\n人员经费1106.36万元；日常公用经费117.36万元。")
            .ShouldAllBe(f => f.Severity == Severity.Pass);
    }

    [Fact]
    public void ABudgetComparesWithThePreviousYear()
    {
        Run("year", "与2024年预算相比，收入减少20.00万元。", "budget").ShouldAllBe(f => f.Severity == Severity.Pass);

        Problems(Run("year", "与2023年预算相比，收入减少20.00万元。", "budget")).ShouldHaveSingleItem().Message!.ShouldContain("2024");
    }

    [Fact]
    public void AssetsOfABudgetStandAtThePreviousYearEnd()
    {
        Run("year", "截至2024年12月31日，共有车辆2辆。", "budget").ShouldAllBe(f => f.Severity == Severity.Pass);
        Problems(Run("year", "截至2025年12月31日，共有车辆2辆。", "budget")).ShouldHaveSingleItem();
    }

    [Fact]
    public void TheDepartmentIsNamedAsElsewhere()
    {
        Problems(Run("name", "青山市林业局2025年收入总计100.00万元。")).ShouldBeEmpty();

        Problems(Run("name", "青山市林草局2025年收入总计100.00万元。")).ShouldHaveSingleItem().Message!.ShouldContain("青山市林草局");
    }

    private static TableDocument SelfEvaluation(string name, string budget, string spent, string score) =>
        TableBuilder.Table($"自评表（{name}）", "self_eval_project", $"预算项目(政策)绩效自评表（{name}）").WithoutUnit()
            .WithField("项目预算金额（万元）", budget).WithField("全年执行数", spent).WithField("绩效自评总得分", score).Build();

    private static TableDocument Expenditure(decimal project) =>
        TableBuilder.Table("表5", "gpb_expenditure", "一般公共预算财政拨款支出决算表").WithoutUnit()
            .WithColumn("name", "科目名称", ColumnTypes.Text).WithColumn("project", "项目支出").WithRow(RowRoles.Total, "合计", project).Build();

    [Fact]
    public void SelfEvaluationParagraphMatchesTheFormsAndProjectSpending()
    {
        const string text = "本部门组织对2025年度预算项目支出全面开展绩效自评，共涉及预算支出项目2个，涉及资金40.00万元，自评平均分89.5分。";
        var forms = new[] { SelfEvaluation("甲", "10", "10", "100"), SelfEvaluation("乙", "30", "20", "79") };

        Run("selfeval", Doc(text, tables: [.. forms, Expenditure(30m)]), "gpb_expenditure", "project").ShouldAllBe(f => f.Severity == Severity.Pass);

        var wrong = Problems(Run("selfeval", Doc(text.Replace("2个", "3个", StringComparison.Ordinal).Replace("89.5", "91.5", StringComparison.Ordinal), tables: [.. forms, Expenditure(25m)]), "gpb_expenditure", "project"));
        wrong.Select(f => f.Column).ShouldBe(["自评项目数", "自评平均分", "自评执行数"], ignoreOrder: true);
    }

    [Fact]
    public void AnUnknownNarrativeCheckIsAConfigurationWarning()
    {
        Run("nonsense", "收入100万元。").ShouldHaveSingleItem().Message!.ShouldContain("nonsense");
    }

    [Fact]
    public void RightTextRaisesNothingInAnyRule()
    {
        const string text = "### 一、收入支出决算总体情况说明\n\n（一）收入总计500.00万元，包括：\n\n1.财政拨款收入500.00万元，占收入总计的100.00%。\n\n与上年相比，今年收入总计减少100.00万元，降低16.67%，主要原因：项目减少。\n\n截至2025年12月31日，共有车辆2辆，其中：执法执勤用车2辆。";
        foreach (var check in new[] { "blank", "leftover", "repeat", "share", "change", "completion", "reason", "sum", "definition", "year", "name" })
        {
            Problems(Run(check, text)).ShouldBeEmpty(check);
        }
    }
}
