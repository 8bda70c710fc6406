using System.Data.Common;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BudgetPortal.Web.Search;

/// <summary>
/// Builds the published catalog and the search vocabulary as soon as the portal has started, and again within
/// <see cref="Interval"/> of any publication (on any instance: the publication stamp is read from the database), so
/// that no visitor waits for them (a few seconds at 100,000 disclosures). A visitor who comes while a build runs waits
/// for that same build; between two polls only one stamp query is made. Each pass also folds the narrative sections written
/// since the last into their search blocks (<see cref="NarrativeBlocks"/>).
/// </summary>
public sealed class PublishedIndexWarmer(
    IServiceScopeFactory scopes, PublishedCatalogCache catalogs, SearchVocabularyCache vocabularies, TimeProvider clock,
    ILogger<PublishedIndexWarmer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Brings the catalog and the vocabulary up to the current publication stamp (nothing when they are).</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var catalog = await catalogs.GetAsync(db, ct);
        await vocabularies.GetAsync(db, catalog);
        await db.Database.OpenConnectionAsync(ct);
        await NarrativeBlocks.RefreshAsync((NpgsqlConnection)db.Database.GetDbConnection(), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                try
                {
                    await WarmAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
                {
                    // A database that is briefly away must not stop the host; requests build on their own meanwhile.
                    logger.LogWarning(ex, "Could not build the published catalog or the search vocabulary; retrying");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
