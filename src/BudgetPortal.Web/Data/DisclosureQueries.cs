using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
    /// The publication stamp and the code-list stamp (the highest stored edition id, <see cref="Checks.CodeListCatalog"/>)
    /// in one round trip: what a public page's ETag and its kept check report depend on besides the page's own rows.
    /// </summary>
    public static async Task<PublicStamps> StampsAsync(this PortalDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT (SELECT max(id) FROM disclosure_versions WHERE status = @published), (SELECT max(id) FROM code_list_editions)";
            var published = command.CreateParameter();
            published.ParameterName = "published";
            published.Value = nameof(VersionStatus.Published);
            command.Parameters.Add(published);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new PublicStamps(reader.IsDBNull(0) ? 0 : reader.GetInt32(0), reader.IsDBNull(1) ? 0 : reader.GetInt32(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The version row, locked until the surrounding transaction ends: every change of a version (a save, an import, a
    /// workflow transition) takes this lock first and then checks the state it expects, so concurrent changes queue up
    /// and each one sees what the one before it did. Null if there is no such version.
    /// </summary>
    public static Task<DisclosureVersion?> LockVersionAsync(this PortalDbContext db, int versionId, CancellationToken ct) =>
        db.Versions.FromSqlInterpolated($"SELECT * FROM disclosure_versions WHERE id = {versionId} FOR UPDATE").SingleOrDefaultAsync(ct);
}

/// <summary>The publication stamp (highest published version id) and the code-list stamp (highest stored edition id; 0: none).</summary>
public readonly record struct PublicStamps(int Publication, int CodeLists);
