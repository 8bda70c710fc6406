using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>A stored version (draft or published) with what the workspace pages need around it.</summary>
public sealed record DraftView(
    int VersionId, int DisclosureId, int DepartmentId, string DepartmentName, string Slug, string Title, int Year, string Kind,
    int Number, VersionStatus Status, DateOnly? ApprovedOn, string? ReturnReason, string? CorrectionNote, bool IsCorrection,
    DisclosureDocument Document, IReadOnlyList<int> TableIds)
{
    /// <summary>The department's region, from the province down (the breadcrumb of the disclosure page).</summary>
    public IReadOnlyList<RegionTree.Node> RegionTrail { get; init; } = [];
}

/// <summary>
/// The one way a stored version becomes a <see cref="DisclosureDocument"/>: the public pages, the API, the exports,
/// the checks, the diffs and the workspace all read documents through here. Content of published versions (which never
/// change) comes from <see cref="PublishedDocumentCache"/>; drafts are read afresh every time.
/// </summary>
public sealed class DocumentLoader(PortalDbContext db, PublishedDocumentCache cache)
{
    /// <summary>The published document of a disclosure (by slug), in its current version or the given one; null if none.</summary>
    public async Task<DisclosureDocument?> LoadPublishedAsync(string slug, int? versionNumber, CancellationToken ct) =>
        (await LoadPublishedVersionAsync(slug, versionNumber, ct))?.Document;

    /// <summary>The published version of a disclosure (by slug), the current one or the given one, with its id; null if none.</summary>
    public Task<DraftView?> LoadPublishedVersionAsync(string slug, int? versionNumber, CancellationToken ct) =>
        LoadAsync(db.Versions
            .Where(v => v.Disclosure.Slug == slug && v.Status == VersionStatus.Published)
            .Where(v => versionNumber == null ? v.Id == v.Disclosure.CurrentVersionId : v.Number == versionNumber), ct);

    /// <summary>Any version by id, draft or published, with its workflow state.</summary>
    public Task<DraftView?> LoadVersionAsync(int versionId, CancellationToken ct) => LoadAsync(db.Versions.Where(v => v.Id == versionId), ct);

    /// <summary>The region tree, read once per request (scope) however many times it is asked for.</summary>
    public async Task<RegionTree> RegionsAsync(CancellationToken ct) => _regions ??= await RegionTree.LoadAsync(db, ct);

    private RegionTree? _regions;

    /// <summary>
    /// The one version <paramref name="versions"/> selects: its header, its department's units and its region's trail in
    /// one round trip (decision 0460), its content from the published-content cache or, for a draft, read afresh.
    /// </summary>
    private async Task<DraftView?> LoadAsync(IQueryable<DisclosureVersion> versions, CancellationToken ct)
    {
        var header = await versions.AsNoTracking()
            .Select(v => new
            {
                v.Id, v.DisclosureId, v.Number, v.Status, v.ApprovedOn, v.ReturnReason, v.CorrectionNote, v.CheckExplanation, v.PublishedAt,
                v.Disclosure.DepartmentId, DepartmentName = v.Disclosure.Department.Name, DepartmentCode = v.Disclosure.Department.Code,
                v.Disclosure.Department.RegionId, v.Disclosure.Slug, v.Disclosure.Title, v.Disclosure.Year, v.Disclosure.Kind,
                TableSet = v.Disclosure.TableSet == null ? null : v.Disclosure.TableSet.Code,
                DepartmentLabel = v.Disclosure.TableSet == null ? null : v.Disclosure.TableSet.DepartmentLabel,
                Published = v.Disclosure.Versions.Any(o => o.Status == VersionStatus.Published && o.Id != v.Id),
                Units = v.Disclosure.Department.Units.OrderBy(u => u.Id).Select(u => new { u.Code, u.Name, u.Kind, u.Category }).ToList(),

                // The region and its ancestors up to the fourth (省/市/县 are three): its trail without reading every region.
                Region = new RegionTree.Node(v.Disclosure.Department.Region.Id, v.Disclosure.Department.Region.Name, v.Disclosure.Department.Region.ParentId),
                Parent = v.Disclosure.Department.Region.Parent == null ? null
                    : new RegionTree.Node(v.Disclosure.Department.Region.Parent.Id, v.Disclosure.Department.Region.Parent.Name, v.Disclosure.Department.Region.Parent.ParentId),
                Grandparent = v.Disclosure.Department.Region.Parent!.Parent == null ? null
                    : new RegionTree.Node(v.Disclosure.Department.Region.Parent.Parent!.Id, v.Disclosure.Department.Region.Parent.Parent!.Name, v.Disclosure.Department.Region.Parent.Parent!.ParentId),
                GreatGrandparent = v.Disclosure.Department.Region.Parent!.Parent!.Parent == null ? null
                    : new RegionTree.Node(v.Disclosure.Department.Region.Parent.Parent!.Parent!.Id, v.Disclosure.Department.Region.Parent.Parent!.Parent!.Name, v.Disclosure.Department.Region.Parent.Parent!.Parent!.ParentId),
            })
            .SingleOrDefaultAsync(ct);
        if (header is null)
        {
            return null;
        }

        var versionId = header.Id;
        var published = header.Status == VersionStatus.Published;
        var content = published
            ? await cache.GetOrAddAsync(versionId, () => ContentAsync(versionId, ct))
            : await ContentAsync(versionId, ct);

        // Deeper than four levels (or a cycle): the whole tree decides, as everywhere else.
        var trail = RegionTree.TrailOf([header.Region, header.Parent, header.Grandparent, header.GreatGrandparent])
            ?? (await RegionsAsync(ct)).Trail(header.RegionId);
        var document = new DisclosureDocument
        {
            Id = header.Slug,
            Slug = header.Slug,
            Title = header.Title,
            Region = [.. trail.Select(n => n.Name)],
            Department = new DepartmentInfo
            {
                Name = header.DepartmentName,
                Code = header.DepartmentCode,
                Units = [.. header.Units.Select(u => new UnitInfo { Code = u.Code, Name = u.Name, Kind = u.Kind, Category = u.Category is { } c ? UnitCategories.ToChinese(c) : null })],
            },
            Year = header.Year,
            Kind = DisclosureMapper.KindCode(header.Kind),
            TableSet = header.TableSet,
            DepartmentLabel = header.DepartmentLabel,

            // Only a published version carries a status: the check report of a published version is cached on it.
            Status = published ? "published" : null,
            Version = header.Number,
            PublishedAt = header.PublishedAt,
            ApprovedOn = header.ApprovedOn,
            CorrectionNote = header.CorrectionNote,
            CheckExplanation = header.CheckExplanation,
            Sections = content.Sections,
            Tables = content.Tables,
        };
        return new DraftView(header.Id, header.DisclosureId, header.DepartmentId, header.DepartmentName, header.Slug, header.Title,
            header.Year, document.Kind, header.Number, header.Status, header.ApprovedOn, header.ReturnReason, header.CorrectionNote,
            header.Published, document, content.TableIds)
        {
            RegionTrail = trail,
        };
    }

    private async Task<VersionContent> ContentAsync(int versionId, CancellationToken ct)
    {
        var sections = await db.Sections.AsNoTracking().Where(s => s.VersionId == versionId).OrderBy(s => s.Ordinal)
            .Select(s => new NarrativeSection { Key = s.Key, Title = s.Title, Body = s.Body }).ToListAsync(ct);
        var tables = await db.Tables.AsNoTracking().Where(t => t.VersionId == versionId).OrderBy(t => t.Ordinal)
            .Include(t => t.Rows).AsSplitQuery().ToListAsync(ct);
        return new VersionContent(sections, [.. tables.Select(DisclosureMapper.ToDocument)], [.. tables.Select(t => t.Id)]);
    }
}

/// <summary>The sections and tables of one version, and the ids of its stored tables (an editor's concurrency token).</summary>
public sealed record VersionContent(List<NarrativeSection> Sections, List<TableDocument> Tables, IReadOnlyList<int> TableIds);
