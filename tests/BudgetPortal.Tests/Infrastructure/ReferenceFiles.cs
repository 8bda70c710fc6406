using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Seeding;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>The reference disclosures as shipped with the app (data/reference, copied next to the binaries).</summary>
public static class ReferenceFiles
{
    private static readonly Lazy<IReadOnlyList<DisclosureDocument>> LazyAll = new(() => ReferenceData.LoadAll(ReferenceData.DefaultFolder));

    public static IReadOnlyList<DisclosureDocument> All => LazyAll.Value;

    public static DisclosureDocument BySlug(string slug) => All.Single(d => d.Slug == slug);

    public static TheoryData<string> Slugs()
    {
        var data = new TheoryData<string>();
        foreach (var d in All)
        {
            data.Add(d.Slug);
        }

        return data;
    }
}
