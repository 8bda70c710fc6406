using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core.Narrative;

/// <summary>
/// The narrative reader on sentences in the wording of the reference disclosures (department names changed): every
/// number with its unit, item and role, and every slot where the template expects a number that was not written.
/// </summary>
public sealed class NarrativeReaderTests
{
    private static IReadOnlyList<NarrativeFigure> Read(string text) =>
        NarrativeReader.Read([new NarrativeSection { Key = "explanation", Title = "情况说明", Body = text }]).Figures;

    [Fact]
    public void AnAmountAndItsShareOfTheNamedTotalAreRead()
    {
        var figures = Read("1.财政拨款收入6309.22万元，占收入总计的100.00%。");

        figures.Count.ShouldBe(2);
        figures[0].ShouldSatisfyAllConditions(
            f => f.Item.ShouldBe("财政拨款收入"),
            f => f.Value.ShouldBe(6309.22m),
            f => f.Unit.ShouldBe("万元"),
            f => f.Role.ShouldBe(FigureRole.Amount));
        figures[1].ShouldSatisfyAllConditions(
            f => f.Role.ShouldBe(FigureRole.Share),
            f => f.Base.ShouldBe("收入总计"),
            f => f.Decimals.ShouldBe(2));
    }

    [Fact]
    public void AChangeInMoneyAndInPercentCarryTheirDirection()
    {
        var figures = Read("2023年机关运行经费支出34.26万元，比上年减少4.54万元，降低11.70%，主要原因是预算压减。");

        figures.Select(f => f.Role).ShouldBe([FigureRole.Amount, FigureRole.Change, FigureRole.ChangeRate]);
        figures[1].Direction.ShouldBe(Direction.Down);
        figures[2].Direction.ShouldBe(Direction.Down);
        NarrativeReader.Subject(figures[1].Item).ShouldBe("");
    }

    [Fact]
    public void TheSubjectOfAChangeIsTheItemItNames()
    {
        var change = Read("与上年相比，今年收入总计减少5293.89万元，降低45.62%。")[0];

        NarrativeReader.Subject(change.Item).ShouldBe("收入总计");
    }

    [Fact]
    public void ACompletionRateNamesTheBudgetItIsAgainst()
    {
        var figures = Read("（3）卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）17.53万元，完成年初预算的88.89%，决算数与年初预算数存在差异的主要原因是调出1人。");

        var completion = figures.Single(f => f.Role == FigureRole.Completion);
        completion.Base.ShouldBe("年初预算");
        completion.Value.ShouldBe(88.89m);
        figures.ShouldContain(f => f.Unit == "人" && f.Role == FigureRole.Count);
    }

    [Fact]
    public void EmptyAmountPercentageAndCountSlotsAreFound()
    {
        var figures = Read("1.因公出国（境）费万元，占“三公”经费支出的0.00%。完成预算的%。2023年参加出国（境）团组个，累计人次。其中：执法执勤用车辆，其他用车2辆；单价100万元（含）以上设备（不含车辆）台（套）。");

        var blanks = figures.Where(f => f.IsBlank).ToList();
        blanks.Select(b => b.Unit).ShouldBe(["万元", "%", "个", "人次", "辆", "台（套）"]);
        blanks[0].Item.ShouldBe("因公出国（境）费");
        figures.ShouldContain(f => f.Value == 2m && f.Unit == "辆");
    }

    [Fact]
    public void WordsThatNameAUnitAreNotSlots()
    {
        var figures = Read("本表金额单位：万元，以万元为单位，转换万元时可能存在尾差。预算支出100万元及100万元以上项目1个。");

        figures.ShouldNotContain(f => f.IsBlank);
        figures.Where(f => f.Unit == "万元").ShouldAllBe(f => f.Role == FigureRole.Other);
    }

    [Fact]
    public void AMisprintedNumberIsReadWithItsLastPointAndFlagged()
    {
        var figure = Read("(一)收入预算12.884.35万元,其中:")[0];

        figure.Value.ShouldBe(12884.35m);
        figure.Misprint.ShouldBeTrue();
    }

    [Fact]
    public void ThousandsSeparatorsAreReadButACommaBetweenFiguresIsNot()
    {
        var figures = Read("一般公共预算拨款收入12,859.04万元，上年结转结余25.31万元，6309.22万元，占19.40%。");

        figures.Select(f => f.Value).ShouldBe([12859.04m, 25.31m, 6309.22m, 19.40m]);
    }

    [Fact]
    public void ASentenceWithoutTemplateWordingYieldsNoInterpretedFigure()
    {
        var figures = Read("通过绩效自评发现，项目支出绩效评价指标体系有待完善，全年开展培训3次。");

        figures.ShouldBeEmpty();
    }

    [Fact]
    public void HeadingsAndTablesInTheTextAreNotParagraphs()
    {
        var reading = NarrativeReader.Read([new NarrativeSection
        {
            Key = "explanation",
            Body = "### 一、收入\n\n收入总计100.00万元。\n\n| 项目 | 2022年 |\n|---|---:|\n| 合计 | 16.60 |",
        }]);

        reading.Paragraphs.ShouldHaveSingleItem().Heading.ShouldBe("一、收入");
        reading.Figures.ShouldHaveSingleItem().Value.ShouldBe(100m);
    }

    [Fact]
    public void GlossaryAndPublicationRulesAreNotRead()
    {
        var reading = NarrativeReader.Read([new NarrativeSection { Key = "glossary", Body = "收入万元。" }]);

        reading.Figures.ShouldBeEmpty();
    }
}
