using BudgetPortal.Web.Search;

namespace BudgetPortal.Tests.Web;

/// <summary>The catalog's character index finds what a walk over every name finds, in the same order (decision 0450).</summary>
public sealed class NameIndexTests
{
    private static readonly string[] Names =
    [
        "青川县林业和草原局", "青川县林业和草原局2024年度部门预算", "临江市水务局", "临江市水务局2023年度部门决算", "Qingchuan Forestry",
        "QINGCHUAN 水利站", "𠀋城区文化馆", "白马乡人民政府", "西江省档案馆", "西江省档案馆2024年度部门预算", "临江市档案馆",
    ];

    [Theory]
    [InlineData("档案")]
    [InlineData("临江 档案")]
    [InlineData("qingchuan")]
    [InlineData("FORESTRY")]
    [InlineData("𠀋城")]
    [InlineData("2024")]
    [InlineData("预算 青川")]
    [InlineData("疫情防控")]
    [InlineData("局 水")]
    public void FindsWhatAWalkOverEveryNameFindsInListOrder(string q)
    {
        var terms = q.Split(' ');
        var index = new NameIndex<string>(Names, n => n);

        var walked = Names.Where(n => terms.All(t => n.Contains(t, StringComparison.OrdinalIgnoreCase))).ToList();

        index.Matching(terms).ShouldBe(walked, q);
    }

    [Fact]
    public void AWordWithACharacterNoNameHoldsFindsNothingAndTakingStopsEarly()
    {
        var read = new List<string>();
        var index = new NameIndex<string>(Names, n =>
        {
            read.Add(n);
            return n;
        });
        read.Clear();

        index.Matching(["疫"]).ShouldBeEmpty();
        read.ShouldBeEmpty();
        index.Matching(["局"]).Take(1).ShouldBe(["青川县林业和草原局"]);
        read.Count.ShouldBe(1);
    }
}
