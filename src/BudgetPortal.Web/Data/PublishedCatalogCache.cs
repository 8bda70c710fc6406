using BudgetPortal.Web.Hosting;

namespace BudgetPortal.Web.Data;

/// <summary>
/// The one <see cref="PublishedCatalog"/> of this instance (a DI singleton): rebuilt when the publication stamp moves
/// past it (a publication on any instance), or after <see cref="MaxAge"/> so that renaming a department or region
/// without publishing shows too. Only one request builds; the others wait for the same task.
/// </summary>
public sealed class PublishedCatalogCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly SharedBuild<PublishedCatalog> _catalog = new();

    /// <summary>The catalog as of now.</summary>
    public async Task<PublishedCatalog> GetAsync(PortalDbContext db, CancellationToken ct)
    {
        var stamp = await db.PublicationStampAsync(ct);
        return await _catalog.GetAsync(
            () => PublishedCatalog.BuildAsync(db, stamp, clock.GetUtcNow()),
            catalog => catalog.Stamp >= stamp && clock.GetUtcNow() - catalog.BuiltAt < MaxAge);
    }
}
