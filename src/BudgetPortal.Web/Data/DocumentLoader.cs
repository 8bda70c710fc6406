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
    public async Task<DraftView?> LoadPublishedVersionAsync(string slug, int? versionNumber, CancellationToken ct) =>
        await LoadAsync(versionNumber is { } number ? await PublishedNumberQuery(db, slug, number, ct) : await CurrentQuery(db, slug, ct), ct);

    /// <summary>Any version by id, draft or published, with its workflow state.</summary>
    public async Task<DraftView?> LoadVersionAsync(int versionId, CancellationToken ct) => await LoadAsync(await VersionQuery(db, versionId, ct), ct);

    /// <summary>The region tree, read once per request (scope) however many times it is asked for.</summary>
    public async Task<RegionTree> RegionsAsync(CancellationToken ct) => _regions ??= await RegionTree.LoadAsync(db, ct);

    private RegionTree? _regions;

    /// <summary>What a version's page needs besides its content: read in one query (decision 0460).</summary>
    private sealed record Header(
        int Id, int DisclosureId, int Number, VersionStatus Status, DateOnly? ApprovedOn, string? ReturnReason, string? CorrectionNote,
        string? CheckExplanation, DateTimeOffset? PublishedAt, int DepartmentId, string DepartmentName, string? DepartmentCode, int RegionId,
        string Slug, string Title, int Year, DisclosureKind Kind, string? TableSet, string? DepartmentLabel, bool Published,
        List<UnitRow> Units, RegionTree.Node Region, RegionTree.Node? Parent, RegionTree.Node? Grandparent, RegionTree.Node? GreatGrandparent);

    private sealed record UnitRow(string? Code, string Name, string? Kind, UnitCategory? Category);

    /// <summary>
    /// The header, the department's units and the region with up to three ancestors (省/市/县 are three levels): the trail
    /// without reading every region. Compiled once (the queries below): a request neither builds nor looks up the tree.
    /// </summary>
    private static readonly System.Linq.Expressions.Expression<Func<DisclosureVersion, Header>> HeaderOf = v => new Header(
        v.Id, v.DisclosureId, v.Number, v.Status, v.ApprovedOn, v.ReturnReason, v.CorrectionNote, v.CheckExplanation, v.PublishedAt,
        v.Disclosure.DepartmentId, v.Disclosure.Department.Name, v.Disclosure.Department.Code, v.Disclosure.Department.RegionId,
        v.Disclosure.Slug, v.Disclosure.Title, v.Disclosure.Year, v.Disclosure.Kind,
        v.Disclosure.TableSet == null ? null : v.Disclosure.TableSet.Code,
        v.Disclosure.TableSet == null ? null : v.Disclosure.TableSet.DepartmentLabel,
        v.Disclosure.Versions.Any(o => o.Status == VersionStatus.Published && o.Id != v.Id),
        v.Disclosure.Department.Units.OrderBy(u => u.Id)
            .Select(u => new UnitRow(u.Code, u.Name, u.Kind, u.Category)).ToList(),
        new RegionTree.Node(v.Disclosure.Department.Region.Id, v.Disclosure.Department.Region.Name, v.Disclosure.Department.Region.ParentId),
        v.Disclosure.Department.Region.Parent == null ? null
            : new RegionTree.Node(v.Disclosure.Department.Region.Parent.Id, v.Disclosure.Department.Region.Parent.Name, v.Disclosure.Department.Region.Parent.ParentId),
        v.Disclosure.Department.Region.Parent!.Parent == null ? null
            : new RegionTree.Node(v.Disclosure.Department.Region.Parent.Parent!.Id, v.Disclosure.Department.Region.Parent.Parent!.Name, v.Disclosure.Department.Region.Parent.Parent!.ParentId),
        v.Disclosure.Department.Region.Parent!.Parent!.Parent == null ? null
            : new RegionTree.Node(v.Disclosure.Department.Region.Parent.Parent!.Parent!.Id, v.Disclosure.Department.Region.Parent.Parent!.Parent!.Name, v.Disclosure.Department.Region.Parent.Parent!.Parent!.ParentId));

    private static readonly Func<PortalDbContext, string, CancellationToken, Task<Header?>> CurrentQuery = EF.CompileAsyncQuery(
        (PortalDbContext db, string slug, CancellationToken ct) => db.Versions.AsNoTracking()
            .Where(v => v.Disclosure.Slug == slug && v.Status == VersionStatus.Published && v.Id == v.Disclosure.CurrentVersionId)
            .Select(HeaderOf).SingleOrDefault());

    private static readonly Func<PortalDbContext, string, int, CancellationToken, Task<Header?>> PublishedNumberQuery = EF.CompileAsyncQuery(
        (PortalDbContext db, string slug, int number, CancellationToken ct) => db.Versions.AsNoTracking()
            .Where(v => v.Disclosure.Slug == slug && v.Status == VersionStatus.Published && v.Number == number)
            .Select(HeaderOf).SingleOrDefault());

    private static readonly Func<PortalDbContext, int, CancellationToken, Task<Header?>> VersionQuery = EF.CompileAsyncQuery(
        (PortalDbContext db, int id, CancellationToken ct) => db.Versions.AsNoTracking().Where(v => v.Id == id).Select(HeaderOf).SingleOrDefault());

    /// <summary>The version read (<see cref="Header"/>) with its content from the published-content cache or, for a draft, read afresh.</summary>
    private async Task<DraftView?> LoadAsync(Header? header, CancellationToken ct)
    {
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
