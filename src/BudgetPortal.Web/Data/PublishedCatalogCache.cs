using BudgetPortal.Web.Hosting;

namespace BudgetPortal.Web.Data;

/// <summary>
/// The one <see cref="PublishedCatalog"/> of this instance (a DI singleton): rebuilt when the publication stamp moves
/// past it (a publication on any instance: requests wait for that build, so that what was published shows at once),
/// and renewed after <see cref="MaxAge"/> so that renaming a department or region, or adding a department, without
/// publishing shows too. A renewal is built beside the catalog in use, which requests keep getting until it is in place:
/// nobody waits for it (at 100,000 disclosures a build takes a good part of a second; decision 0470). Only one build at
/// a time; the others wait for the same task.
/// </summary>
public sealed class PublishedCatalogCache(TimeProvider clock, IServiceScopeFactory scopes, ILogger<PublishedCatalogCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly SharedBuild<PublishedCatalog> _catalog = new();
    private int _renewing;

    /// <summary>The catalog as of now.</summary>
    public async Task<PublishedCatalog> GetAsync(PortalDbContext db, CancellationToken ct) =>
        await GetAsync(db, await db.PublicationStampAsync(ct));

    /// <summary>
    /// The catalog as of the publication stamp this request has read already (the ETag middleware reads it first), so that
    /// a page does not ask the database for it twice.
    /// </summary>
    public async Task<PublishedCatalog> GetAsync(HttpContext context, PortalDbContext db, CancellationToken ct) =>
        await GetAsync(db, await PublishedCaching.PublicationStampAsync(context, db, ct));

    private async Task<PublishedCatalog> GetAsync(PortalDbContext db, int stamp)
    {
        var catalog = await _catalog.GetAsync(() => BuildAsync(db, stamp), c => c.Stamp >= stamp);
        if (clock.GetUtcNow() - catalog.BuiltAt >= MaxAge && Interlocked.CompareExchange(ref _renewing, 1, 0) == 0)
        {
            _ = Task.Run(() => RenewAsync(catalog));
        }

        return catalog;
    }

    private async Task<PublishedCatalog> BuildAsync(PortalDbContext db, int stamp)
    {
        var started = clock.GetTimestamp();
        var catalog = await PublishedCatalog.BuildAsync(db, stamp, clock.GetUtcNow());
        logger.LogInformation("Published catalog built at stamp {Stamp}: {Count} disclosures in {Milliseconds:F0} ms",
            stamp, catalog.Disclosures.Count, clock.GetElapsedTime(started).TotalMilliseconds);
        return catalog;
    }

    private async Task RenewAsync(PublishedCatalog old)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var stamp = await db.PublicationStampAsync(CancellationToken.None);
            await _catalog.RenewAsync(old, () => BuildAsync(db, stamp));
        }
#pragma warning disable CA1031 // a failed renewal keeps the catalog in use; the next request past MaxAge tries again
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not renew the published catalog; keeping the one built at {BuiltAt}", old.BuiltAt);
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }
}
