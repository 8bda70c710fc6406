using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>Queries over disclosures and versions shared by pages, the API and the workspace.</summary>
public static class DisclosureQueries
{
    public static IQueryable<Disclosure> Published(this PortalDbContext db) =>
        db.Disclosures.Where(d => d.CurrentVersionId != null);

    /// <summary>
    /// The highest published version id: it changes with every publication and correction, so it stamps what the
    /// public sees (ETags, the published catalog). One probe of the (status, id) index.
    /// </summary>
    public static async Task<int> PublicationStampAsync(this PortalDbContext db, CancellationToken ct) =>
        await db.Versions.Where(v => v.Status == VersionStatus.Published).MaxAsync(v => (int?)v.Id, ct) ?? 0;

    /// <summary>
    /// The version row, locked until the surrounding transaction ends: every change of a version (a save, an import, a
    /// workflow transition) takes this lock first and then checks the state it expects, so concurrent changes queue up
    /// and each one sees what the one before it did. Null if there is no such version.
    /// </summary>
    public static Task<DisclosureVersion?> LockVersionAsync(this PortalDbContext db, int versionId, CancellationToken ct) =>
        db.Versions.FromSqlInterpolated($"SELECT * FROM disclosure_versions WHERE id = {versionId} FOR UPDATE").SingleOrDefaultAsync(ct);
}
