using BudgetPortal.Core.TableSets;
using Shouldly;
using Xunit;

namespace BudgetPortal.Tests.Core;

public class TableSetDerivationTests
{
    [Theory]
    [InlineData("部门（单位）整体绩效自评表（抚顺市医疗保障局本级）", "部门（单位）整体绩效自评表")]
    [InlineData("预算项目(政策)绩效自评表（下达省财政城乡医疗救助补助资金）", "预算项目(政策)绩效自评表")]
    [InlineData("项目绩效目标表（医保信息化建设（二期））", "项目绩效目标表")]
    [InlineData("收入支出决算总表", "收入支出决算总表")]
    public void StripQualifierDropsOnlyTheTrailingParenthetical(string title, string expected) =>
        TableSetDerivation.StripQualifier(title).ShouldBe(expected);
}
