using BudgetPortal.Web.Data;

namespace BudgetPortal.Tests.Web;

/// <summary>The one closure over the region tree, which filters, feeds and access scopes all use.</summary>
public sealed class RegionTreeTests
{
    // 甲省 → 乙市 → 丙区, 丁区; 甲省 → 戊市; and a second 乙市 under 己省.
    private static readonly RegionTree Tree = new(
    [
        new(1, "甲省", null),
        new(2, "乙市", 1),
        new(3, "丙区", 2),
        new(4, "丁区", 2),
        new(5, "戊市", 1),
        new(6, "己省", null),
        new(7, "乙市", 6),
        new(8, "庚区", 7),
    ]);

    [Fact]
    public void ARegionCoversItselfAndEveryLevelUnderIt()
    {
        Tree.IdsUnder(1).ShouldBe([1, 2, 3, 4, 5]);
        Tree.IdsUnder(2).ShouldBe([2, 3, 4]);
        Tree.IdsUnder(3).ShouldBe([3]);
    }

    [Fact]
    public void SeveralRootsAreClosedOverOnceEach()
    {
        Tree.IdsUnder([2, 3, 7]).ShouldBe([2, 3, 4, 7, 8]);
        Tree.IdsUnder([99]).ShouldBeEmpty();
    }

    [Fact]
    public void ANameCoversEveryRegionOfThatNameAndWhatIsUnderThem() =>
        Tree.IdsUnderName("乙市").ShouldBe([2, 3, 4, 7, 8]);

    [Fact]
    public void ACycleEndsTheClosureInsteadOfLooping()
    {
        var cyclic = new RegionTree([new(1, "甲", 2), new(2, "乙", 1)]);
        cyclic.IdsUnder(1).ShouldBe([1, 2]);
        cyclic.PathOf(1).Count.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public void APathRunsFromTheProvinceDown() => Tree.PathOf(4).ShouldBe(["甲省", "乙市", "丁区"]);

    [Fact]
    public void ATrailReadWithItsAncestorsGoesFromTheTopDownOrAsksForTheWholeTree()
    {
        RegionTree.TrailOf([new(3, "丙区", 2), new(2, "乙市", 1), new(1, "甲省", null), null])!.Select(n => n.Name).ShouldBe(["甲省", "乙市", "丙区"]);
        RegionTree.TrailOf([new(1, "甲省", null), null, null, null])!.Select(n => n.Name).ShouldBe(["甲省"]);

        // The last ancestor read still has a parent: deeper than was read (or a cycle), so the whole tree decides.
        RegionTree.TrailOf([new(5, "戊", 4), new(4, "丁", 3), new(3, "丙", 2), new(2, "乙", 1)]).ShouldBeNull();
    }
}
