using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Search;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The published catalog and the search vocabulary are built by the portal itself, at start and after a publication,
/// not on a visitor's request (issue 16).
/// </summary>
public sealed class PublishedIndexWarmerTests : PortalPerTest<PortalAppFactory>
{
    [Fact]
    public async Task TheSearchVocabularyIsBuiltAtStartWithoutAnyRequest()
    {
        var vocabularies = Factory.Services.GetRequiredService<SearchVocabularyCache>();

        var vocabulary = await BuiltAsync(vocabularies);

        using var scope = Factory.Services.CreateScope();
        vocabulary.Stamp.ShouldBe(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().PublicationStampAsync(default));
        vocabulary.Rows.ShouldNotBeEmpty();
        vocabulary.Titles.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task APublicationIsInTheVocabularyAfterOneWarmingPassWithoutAnyRequest()
    {
        var vocabularies = Factory.Services.GetRequiredService<SearchVocabularyCache>();
        await BuiltAsync(vocabularies);

        var built = await DisclosureBuilder.ForDepartment("预热核对局").InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("1", "expenditure", "支出表", ("amount", "金额")).WithCodedRow("2120501", "城乡社区环境卫生巡查补助", 12.5m).Build())
            .SaveAsync(Factory.Services);
        await Factory.Services.GetRequiredService<PublishedIndexWarmer>().WarmAsync(default);

        var vocabulary = vocabularies.Current.ShouldNotBeNull();
        vocabulary.Stamp.ShouldBe(built.VersionId);
        vocabulary.Rows.ShouldContain(text => text.Contains("城乡社区环境卫生巡查补助"));
    }

    /// <summary>Waits (at most a minute) for the warmer's first pass; no request is made meanwhile.</summary>
    private static async Task<SearchVocabulary> BuiltAsync(SearchVocabularyCache vocabularies)
    {
        for (var i = 0; i < 600 && vocabularies.Current is null; i++)
        {
            await Task.Delay(100);
        }

        return vocabularies.Current.ShouldNotBeNull("the warmer did not build the vocabulary within a minute of the start");
    }
}
