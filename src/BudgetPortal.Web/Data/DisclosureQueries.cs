using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BudgetPortal.Web.Data;

/// <summary>Loads a whole disclosure version as the exchange document (shared by the page, the API and exports).</summary>
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
    /// The published document of a disclosure (by slug), in its current version or the given one; null if none.
    /// </summary>
    public static async Task<DisclosureDocument?> LoadPublishedDocumentAsync(
        this PortalDbContext db, string slug, int? versionNumber, CancellationToken ct)
    {
        var header = await db.Disclosures
            .AsNoTracking()
            .Where(d => d.Slug == slug && d.CurrentVersionId != null)
            .Select(d => new
            {
                d.Id,
                d.Slug,
                d.Title,
                d.Year,
                d.Kind,
                TableSet = d.TableSet == null ? null : d.TableSet.Code,
                d.CurrentVersionId,
                d.DepartmentId,
                DepartmentName = d.Department.Name,
                DepartmentCode = d.Department.Code,
                d.Department.RegionId,
            })
            .SingleOrDefaultAsync(ct);
        if (header is null)
        {
            return null;
        }

        var version = await db.Versions
            .AsNoTracking()
            .Where(v => v.DisclosureId == header.Id && v.Status == VersionStatus.Published)
            .Where(v => versionNumber == null ? v.Id == header.CurrentVersionId : v.Number == versionNumber)
            .Select(v => new { v.Id, v.Number, v.PublishedAt, v.CorrectionNote })
            .SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return null;
        }

        var units = await db.Units.AsNoTracking()
            .Where(u => u.DepartmentId == header.DepartmentId)
            .OrderBy(u => u.Id)
            .Select(u => new UnitInfo { Code = u.Code, Name = u.Name, Kind = u.Kind })
            .ToListAsync(ct);

        var (sections, tables) = await PublishedContentAsync(db, version.Id, ct);

        return new DisclosureDocument
        {
            Id = header.Slug,
            Slug = header.Slug,
            Title = header.Title,
            Region = await db.RegionPathAsync(header.RegionId, ct),
            Department = new DepartmentInfo { Name = header.DepartmentName, Code = header.DepartmentCode, Units = units },
            Year = header.Year,
            Kind = DisclosureMapper.KindCode(header.Kind),
            TableSet = header.TableSet,
            Status = "published",
            Version = version.Number,
            PublishedAt = version.PublishedAt,
            CorrectionNote = version.CorrectionNote,
            Sections = sections,
            Tables = tables,
        };
    }

    /// <summary>
    /// The sections and tables of a published version. A published version never changes, so they are read once and
    /// kept (at most 200 versions, keyed by database and version id); drafts never come through here.
    /// </summary>
    private static async Task<(List<NarrativeSection> Sections, List<TableDocument> Tables)> PublishedContentAsync(PortalDbContext db, int versionId, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString(), versionId);
        if (PublishedContent.TryGetValue(key, out (List<NarrativeSection>, List<TableDocument>) cached))
        {
            return cached;
        }

        var sections = await db.Sections.AsNoTracking()
            .Where(s => s.VersionId == versionId)
            .OrderBy(s => s.Ordinal)
            .Select(s => new NarrativeSection { Key = s.Key, Title = s.Title, Body = s.Body })
            .ToListAsync(ct);
        var tables = await db.Tables.AsNoTracking()
            .Where(t => t.VersionId == versionId)
            .OrderBy(t => t.Ordinal)
            .Include(t => t.Columns)
            .Include(t => t.Rows).ThenInclude(r => r.Cells)
            .AsSplitQuery()
            .ToListAsync(ct);
        var content = (sections, tables.Select(DisclosureMapper.ToDocument).ToList());
        PublishedContent.Set(key, content, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return content;
    }

    private static readonly MemoryCache PublishedContent = new(new MemoryCacheOptions { SizeLimit = 200 });

    /// <summary>Region names from the province down to the given region.</summary>
    public static async Task<List<string>> RegionPathAsync(this PortalDbContext db, int regionId, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.Name, r.ParentId }).ToListAsync(ct);
        var byId = regions.ToDictionary(r => r.Id);
        var path = new List<string>();
        for (int? id = regionId; id is { } current && byId.TryGetValue(current, out var region); id = region.ParentId)
        {
            path.Insert(0, region.Name);
        }

        return path;
    }
}
