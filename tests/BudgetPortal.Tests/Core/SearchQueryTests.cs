using BudgetPortal.Web.Search;

namespace BudgetPortal.Tests.Core;

public sealed class SearchQueryTests
{
    [Theory]
    [InlineData("医😀", "医😀")]
    [InlineData("医\0保", "医保")]
    [InlineData("\t医\u0001保\r\n", "医保")]
    [InlineData("医\uD83D", "医")]
    [InlineData("\uDE00医", "医")]
    [InlineData("e\u0301", "é")]
    public void NormalizeKeepsWholeCodePointsAndDropsControlCharacters(string q, string expected) =>
        SearchQuery.Normalize(q).ShouldBe(expected);

    [Fact]
    public void NormalizeCutsAtWholeCodePoints()
    {
        var q = string.Concat(Enumerable.Repeat("😀", SearchQuery.MaxLength + 5));

        var normalized = SearchQuery.Normalize(q);

        normalized.ShouldBe(string.Concat(Enumerable.Repeat("😀", SearchQuery.MaxLength)));
    }

    [Fact]
    public void GramsCountACharacterOutsideTheBmpAsOne() =>
        PortalSearch.Grams("医😀保").ShouldBe(["医😀", "😀保"]);
}
