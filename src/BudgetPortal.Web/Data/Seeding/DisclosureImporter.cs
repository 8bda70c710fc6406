using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data.Seeding;

/// <summary>
/// Stores a whole disclosure document as a published version 1, creating its region path, department, units and
/// table set on the way. One transaction per document: it is stored completely or not at all.
/// </summary>
public sealed class DisclosureImporter(PortalDbContext db, TableSetStore tableSets, TimeProvider clock, BudgetPortal.Web.Hosting.PublicationEvents events, BudgetPortal.Core.CodeLists.CodeBook codes)
{
    public async Task<Disclosure> ImportPublishedAsync(DisclosureDocument document, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var disclosure = await StoreAsync(document, ct);
        await transaction.CommitAsync(ct);
        await events.PublishedAsync(ct);
        return disclosure;
    }

    /// <summary>
    /// Stores the document as a published version 1 inside the caller's transaction (the history import stores a whole
    /// ZIP in one); the caller commits and announces the publication.
    /// </summary>
    public async Task<Disclosure> StoreAsync(DisclosureDocument document, CancellationToken ct)
    {
        var region = await EnsureRegionAsync(document.Region, ct);
        var department = await EnsureDepartmentAsync(region, document.Department, ct);
        var tableSet = document.TableSet is null ? null : await EnsureTableSetAsync(document, ct);
        var kind = DisclosureMapper.ParseKind(document.Kind);

        if (await db.Disclosures.AnyAsync(d => d.Slug == document.Slug || (d.DepartmentId == department.Id && d.Year == document.Year && d.Kind == kind), ct))
        {
            throw new InvalidOperationException($"已存在同一部门、年度和类型的公开文件（{document.Slug}）。");
        }

        var now = clock.GetUtcNow();
        var disclosure = new Disclosure
        {
            Slug = document.Slug,
            Department = department,
            Year = document.Year,
            Kind = kind,
            Title = document.Title,
            TableSet = tableSet,
        };
        var version = new DisclosureVersion
        {
            Disclosure = disclosure,
            Number = 1,
            Status = VersionStatus.Published,

            // The dates the document states, never the day of the import (a region's history keeps its own dates).
            PublishedAt = document.PublishedAt?.ToUniversalTime(),
            ApprovedOn = document.ApprovedOn,
            CreatedAt = now,
        };
        DisclosureMapper.FillVersion(version, document);
        db.Add(version);
        await db.SaveChangesAsync(ct);

        disclosure.CurrentVersionId = version.Id;
        await db.SaveChangesAsync(ct);
        return disclosure;
    }

    private async Task<Region> EnsureRegionAsync(List<string> path, CancellationToken ct)
    {
        Region? parent = null;
        for (var i = 0; i < path.Count; i++)
        {
            var name = path[i];
            var parentId = parent?.Id;
            var region = await db.Regions.SingleOrDefaultAsync(r => r.Name == name && r.ParentId == parentId, ct);
            if (region is null)
            {
                region = new Region { Name = name, Level = (RegionLevel)Math.Min(i, 2), ParentId = parentId };
                db.Regions.Add(region);
                await db.SaveChangesAsync(ct);
            }

            parent = region;
        }

        return parent ?? throw new InvalidOperationException("缺少地区。");
    }

    private async Task<Department> EnsureDepartmentAsync(Region region, DepartmentInfo info, CancellationToken ct)
    {
        var department = await db.Departments.Include(d => d.Units)
            .SingleOrDefaultAsync(d => d.RegionId == region.Id && d.Name == info.Name, ct);
        if (department is null)
        {
            department = new Department { RegionId = region.Id, Name = info.Name };
            db.Departments.Add(department);
        }

        department.Code ??= info.Code;
        foreach (var unit in info.Units)
        {
            var known = department.Units.FirstOrDefault(x => x.Name == unit.Name);
            if (known is null)
            {
                department.Units.Add(new BudgetUnit { Code = unit.Code, Name = unit.Name, Kind = unit.Kind, Category = UnitCategories.Parse(unit.Category) });
            }
            else
            {
                // A unit the administrator already recorded keeps its data; a category not yet recorded is taken.
                known.Category ??= UnitCategories.Parse(unit.Category);
            }
        }

        await db.SaveChangesAsync(ct);
        return department;
    }

    private async Task<TableSet> EnsureTableSetAsync(DisclosureDocument document, CancellationToken ct)
    {
        var existing = await db.TableSets.Where(s => s.Code == document.TableSet).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }

        // A disclosure whose set the portal does not know yet brings its own layout: derive the set from it (no rules).
        var name = $"{string.Join("", document.Region)}{DisclosureKinds.ToChinese(document.Kind)}公开表（据 {document.Year} 年公开文件）";
        await tableSets.SaveAsync(TableSetDerivation.From(document, document.TableSet!, name, codes), $"由 {document.Slug} 推导", ct);
        return await db.TableSets.Where(s => s.Code == document.TableSet).OrderByDescending(s => s.Version).FirstAsync(ct);
    }
}
