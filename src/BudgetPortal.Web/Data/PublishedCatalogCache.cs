using BudgetPortal.Web.Hosting;

namespace BudgetPortal.Web.Data;

/// <summary>
/// The one <see cref="PublishedCatalog"/> of this instance (a DI singleton): rebuilt when the publication stamp moves
/// past it (a publication on any instance), and by the index warmer after <see cref="MaxAge"/> so that renaming a
/// department or region without publishing shows too. Only one caller builds; the others wait for the same task. A
/// request never waits for a rebuild that only age asks for: it is served the last catalog of the current stamp.
/// </summary>
public sealed class PublishedCatalogCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly SharedBuild<PublishedCatalog> _catalog = new();
    private PublishedCatalog? _last;

    /// <summary>The catalog as of now (the stamp's; possibly older than <see cref="MaxAge"/> until the warmer rebuilds it).</summary>
    public async Task<PublishedCatalog> GetAsync(PortalDbContext db, CancellationToken ct)
    {
        var stamp = await db.PublicationStampAsync(ct);
        return Volatile.Read(ref _last) is { } last && last.Stamp >= stamp ? last : await BuildAsync(db, stamp, young: false);
    }

    /// <summary>The catalog as of now, rebuilt if it is older than <see cref="MaxAge"/> (the index warmer's call).</summary>
    public async Task<PublishedCatalog> RefreshAsync(PortalDbContext db, CancellationToken ct) =>
        await BuildAsync(db, await db.PublicationStampAsync(ct), young: true);

    private async Task<PublishedCatalog> BuildAsync(PortalDbContext db, int stamp, bool young)
    {
        var catalog = await _catalog.GetAsync(
            () => PublishedCatalog.BuildAsync(db, stamp, clock.GetUtcNow()),
            catalog => catalog.Stamp >= stamp && (!young || clock.GetUtcNow() - catalog.BuiltAt < MaxAge));
        // Keep the newest built: two builds may finish out of order.
        for (var last = Volatile.Read(ref _last); last is null || (last != catalog && (catalog.Stamp > last.Stamp || catalog.BuiltAt > last.BuiltAt)); last = Volatile.Read(ref _last))
        {
            if (Interlocked.CompareExchange(ref _last, catalog, last) == last)
            {
                break;
            }
        }

        return catalog;
    }
}
