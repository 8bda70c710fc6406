namespace BudgetPortal.Web.Data;

/// <summary>
/// The one <see cref="PublishedCatalog"/> of this instance (a DI singleton): rebuilt when the publication stamp moves
/// past it (a publication on any instance), or after <see cref="MaxAge"/> so that renaming a department or region
/// without publishing shows too. Only one request builds; the others wait for the same task.
/// </summary>
public sealed class PublishedCatalogCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private Lazy<Task<PublishedCatalog>>? _current;

    /// <summary>The catalog as of now.</summary>
    public async Task<PublishedCatalog> GetAsync(PortalDbContext db, CancellationToken ct)
    {
        var stamp = await db.PublicationStampAsync(ct);
        while (true)
        {
            var fresh = new Lazy<Task<PublishedCatalog>>(() => PublishedCatalog.BuildAsync(db, stamp, clock.GetUtcNow()));
            var lazy = Interlocked.CompareExchange(ref _current, fresh, null) ?? fresh;
            PublishedCatalog catalog;
            try
            {
                // Not cancelled with the request: the build may be using this request's context, and others may wait.
                catalog = await lazy.Value;
            }
            catch (Exception)
            {
                Interlocked.CompareExchange(ref _current, null, lazy);
                throw;
            }

            if (catalog.Stamp >= stamp && clock.GetUtcNow() - catalog.BuiltAt < MaxAge)
            {
                return catalog;
            }

            // Stale: let it go; the next round builds (or waits for) a new one.
            Interlocked.CompareExchange(ref _current, null, lazy);
        }
    }
}
