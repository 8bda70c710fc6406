using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core;

public sealed class AmountUnitTests
{
    [Theory]
    [InlineData("元", "元")]
    [InlineData("万元", "万元")]
    [InlineData("单位：元", "元")]
    [InlineData("金额单位：万元", "万元")]
    [InlineData("单位:人民币千元", "千元")]
    [InlineData(" 亿元 ", "亿元")]
    public void ReadsTheUnitAsAHeadingPrintsIt(string text, string expected) =>
        AmountUnit.Parse(text)!.Name.ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("个")]
    [InlineData("单位：%")]
    public void AnUnknownUnitIsNull(string? text) => AmountUnit.Parse(text).ShouldBeNull();

    [Fact]
    public void ConvertsExactlyThroughYuan()
    {
        AmountUnit.TenThousandYuan.ToBase(123.46m).ShouldBe(1_234_600m);
        AmountUnit.Yuan.To(AmountUnit.TenThousandYuan, 1_234_567.00m).ShouldBe(123.4567m);
        AmountUnit.HundredMillionYuan.To(AmountUnit.TenThousandYuan, 1.5m).ShouldBe(15_000m);
        AmountUnit.ThousandYuan.To(AmountUnit.ThousandYuan, 7m).ShouldBe(7m);
    }

    [Fact]
    public void RoundingIsHalfTheLastPrintedDigitOfTheFiguresOwnUnit()
    {
        AmountUnit.TenThousandYuan.RoundingInBase(2).ShouldBe(50m);
        AmountUnit.Yuan.RoundingInBase(2).ShouldBe(0.005m);
        new PrintedAmount(2220.4m, AmountUnit.TenThousandYuan, 1).RoundingInBase.ShouldBe(500m);
    }

    [Fact]
    public void FormatsAFigureInItsOwnUnit()
    {
        new PrintedAmount(1_234_567m, AmountUnit.Yuan, 2).ToString().ShouldBe("1,234,567.00 元");
        new PrintedAmount(123.456m, AmountUnit.TenThousandYuan, 2).ToString().ShouldBe("123.46 万元");
    }

    [Theory]
    [InlineData("1,234,567.00元", "元", "1234567.00")]
    [InlineData("123.46 万元", "万元", "123.46")]
    [InlineData("1.5亿元", "亿元", "1.5")]
    public void AnAmountWithTheTablesOwnUnitIsRead(string input, string unit, string expected)
    {
        AmountParser.TryParse(input, AmountUnit.Parse(unit), out var value, out var error).ShouldBeTrue(error);
        value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AnAmountInAnotherUnitThanTheTablesIsRefusedNotReadInTheWrongUnit()
    {
        AmountParser.TryParse("12万元", AmountUnit.Yuan, out var value, out var error).ShouldBeFalse();
        value.ShouldBeNull();
        error.ShouldBe("“12万元”的单位是万元，本表的金额单位是元：请换算后填写，或修改本表的金额单位");
        AmountParser.TryParse("120000元", AmountUnit.TenThousandYuan, out _, out _).ShouldBeFalse();
    }
}
