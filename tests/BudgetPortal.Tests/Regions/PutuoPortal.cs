using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Regions;

/// <summary>
/// A portal on its own database into which the four 普陀区 budgets are onboarded: each read from its text into a
/// disclosure of the region's set and stored through the importer the portal seeds with, as a published version.
/// The import runs once, on first use, so that a class whose tests are all skipped (no ../shared) never reads the files.
/// </summary>
public sealed class PutuoPortal : PortalAppFactory
{
    private readonly Lazy<Task> _import;

    public PutuoPortal() => _import = new Lazy<Task>(ImportAsync);

    public Task EnsureImportedAsync() => _import.Value;

    private async Task ImportAsync()
    {
        using var scope = Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
        foreach (var (file, _, _) in PutuoSamples.Documents)
        {
            await importer.ImportPublishedAsync(PutuoSamples.Read(file), CancellationToken.None);
        }
    }
}
