using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>What a builder stored: the disclosure, its (only) version and its public address.</summary>
public sealed record BuiltDisclosure(int DisclosureId, int VersionId, int DepartmentId, string Slug);

/// <summary>
/// A disclosure with valid defaults: a department and region of its own (names the seeds do not have), a budget, one
/// version in 草稿, no tables. Override only what the test is about:
/// <c>DisclosureBuilder.ForDepartment("某县水务局").InState(VersionStatus.Approved).WithTable(...)</c>. Stored straight
/// into the test database (<see cref="SaveAsync"/>) or made into a self-contained document as a file or the API carries
/// it (<see cref="Document"/>).
/// </summary>
public sealed class DisclosureBuilder
{
    private readonly string _department;
    private string[] _region = ["测试省"];
    private string? _slug;
    private string? _title;
    private DateTimeOffset? _publishedAt;
    private readonly List<UnitInfo> _units = [];
    private int _year = 2030;
    private DisclosureKind _kind = DisclosureKind.Budget;
    private VersionStatus _status = VersionStatus.Draft;
    private DateOnly? _approvedOn;
    private string? _tableSet;
    private readonly List<TableDocument> _tables = [];
    private readonly List<NarrativeSection> _sections = [];

    private DisclosureBuilder(string department) => _department = department;

    public static DisclosureBuilder ForDepartment(string name) => new(name);

    /// <summary>The region by its path from the province down (<c>InRegion("澄江省", "松林县")</c>).</summary>
    public DisclosureBuilder InRegion(params string[] path)
    {
        _region = path;
        return this;
    }

    /// <summary>The title as printed; by default the department, the year and the kind (…2030年部门预算).</summary>
    public DisclosureBuilder WithTitle(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>The public address; by default one made of the department's id (stored) or name (document).</summary>
    public DisclosureBuilder WithSlug(string slug)
    {
        _slug = slug;
        return this;
    }

    /// <summary>A budget unit of the department as the document lists it (category 行政单位, 事业单位 …).</summary>
    public DisclosureBuilder WithUnit(string code, string name, string kind, string category)
    {
        _units.Add(new UnitInfo { Code = code, Name = name, Kind = kind, Category = category });
        return this;
    }

    /// <summary>The dates the document states: 公开日期 and 批复日期 (null: not stated).</summary>
    public DisclosureBuilder Dated(DateTimeOffset? publishedAt, DateOnly? approvedOn)
    {
        _publishedAt = publishedAt;
        _approvedOn = approvedOn;
        return this;
    }

    public DisclosureBuilder ForYear(int year)
    {
        _year = year;
        return this;
    }

    public DisclosureBuilder AsFinalAccount()
    {
        _kind = DisclosureKind.Final;
        return this;
    }

    /// <summary>The version's workflow state; 已批复 and later get a 批复日期, 已公开 makes it the current version.</summary>
    public DisclosureBuilder InState(VersionStatus status)
    {
        _status = status;
        _approvedOn = status >= VersionStatus.Approved ? new DateOnly(_year, 2, 1) : null;
        return this;
    }

    /// <summary>The table set the disclosure is drawn up in (its rules are the checks'), by code; latest version.</summary>
    public DisclosureBuilder InTableSet(string code)
    {
        _tableSet = code;
        return this;
    }

    public DisclosureBuilder WithTable(params TableDocument[] tables)
    {
        _tables.AddRange(tables);
        return this;
    }

    public DisclosureBuilder WithSection(string key, string title, string body)
    {
        _sections.Add(new NarrativeSection { Key = key, Title = title, Body = body });
        return this;
    }

    private string Title => _title ?? $"{_department}{_year}年{(_kind == DisclosureKind.Budget ? "部门预算" : "度部门决算")}";

    /// <summary>The disclosure as a self-contained document (docs/disclosure-format.md), as a file or the API carries it.</summary>
    public DisclosureDocument Document() => new()
    {
        Slug = _slug ?? $"test-{_year}-{DisclosureMapper.KindCode(_kind)}",
        Title = Title,
        Region = [.. _region],
        Department = new DepartmentInfo { Name = _department, Units = [.. _units] },
        Year = _year,
        Kind = DisclosureMapper.KindCode(_kind),
        PublishedAt = _publishedAt,
        ApprovedOn = _approvedOn,
        Sections = [.. _sections],
        Tables = [.. _tables],
    };

    public async Task<BuiltDisclosure> SaveAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Region? region = null;
        for (var depth = 0; depth < _region.Length; depth++)
        {
            var name = _region[depth];
            int? parentId = region?.Id;
            region = await db.Regions.SingleOrDefaultAsync(r => r.Name == name && r.ParentId == parentId)
                ?? db.Regions.Add(new Region { Name = name, Parent = region, Level = (RegionLevel)Math.Min(depth, (int)RegionLevel.District) }).Entity;
            await db.SaveChangesAsync();
        }

        var home = region ?? throw new InvalidOperationException("InRegion needs at least the province.");
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Name == _department && d.RegionId == home.Id)
            ?? db.Departments.Add(new Department { Name = _department, Region = home }).Entity;
        await db.SaveChangesAsync();

        var kind = DisclosureMapper.KindCode(_kind);
        var disclosure = new Disclosure
        {
            Slug = _slug ?? $"d{department.Id}-{_year}-{kind}",
            DepartmentId = department.Id,
            Year = _year,
            Kind = _kind,
            Title = Title,
            TableSetId = _tableSet is null ? null : await db.TableSets.Where(s => s.Code == _tableSet).OrderByDescending(s => s.Version).Select(s => (int?)s.Id).FirstAsync(),
        };
        var version = new DisclosureVersion
        {
            Disclosure = disclosure,
            Number = 1,
            Status = _status,
            ApprovedOn = _approvedOn,
            PublishedAt = _publishedAt ?? (_status == VersionStatus.Published ? DateTimeOffset.UtcNow : null),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        DisclosureMapper.FillVersion(version, new DisclosureDocument { Tables = [.. _tables], Sections = [.. _sections] });
        db.Add(version);
        await db.SaveChangesAsync();
        if (_status == VersionStatus.Published)
        {
            disclosure.CurrentVersionId = version.Id;
            await db.SaveChangesAsync();
        }

        return new BuiltDisclosure(disclosure.Id, version.Id, department.Id, disclosure.Slug);
    }
}
