using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>What a builder stored: the disclosure, its (only) version and its public address.</summary>
public sealed record BuiltDisclosure(int DisclosureId, int VersionId, int DepartmentId, string Slug);

/// <summary>
/// A disclosure stored straight into the test database, with valid defaults: a department and region of its own (names
/// the seeds do not have), a budget, one version in 草稿, no tables. Override only what the test is about:
/// <c>DisclosureBuilder.ForDepartment("某县水务局").InState(VersionStatus.Approved).WithTable(...)</c>.
/// </summary>
public sealed class DisclosureBuilder
{
    private readonly string _department;
    private string _region = "测试省";
    private int _year = 2030;
    private DisclosureKind _kind = DisclosureKind.Budget;
    private VersionStatus _status = VersionStatus.Draft;
    private DateOnly? _approvedOn;
    private string? _tableSet;
    private readonly List<TableDocument> _tables = [];
    private readonly List<NarrativeSection> _sections = [];

    private DisclosureBuilder(string department) => _department = department;

    public static DisclosureBuilder ForDepartment(string name) => new(name);

    public DisclosureBuilder InRegion(string name)
    {
        _region = name;
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

    public DisclosureBuilder WithTable(TableDocument table)
    {
        _tables.Add(table);
        return this;
    }

    public DisclosureBuilder WithSection(string key, string title, string body)
    {
        _sections.Add(new NarrativeSection { Key = key, Title = title, Body = body });
        return this;
    }

    public async Task<BuiltDisclosure> SaveAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var region = await db.Regions.SingleOrDefaultAsync(r => r.Name == _region && r.ParentId == null)
            ?? db.Regions.Add(new Region { Name = _region, Level = RegionLevel.Province }).Entity;
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Name == _department && d.Region == region)
            ?? db.Departments.Add(new Department { Name = _department, Region = region }).Entity;
        await db.SaveChangesAsync();

        var kind = DisclosureMapper.KindCode(_kind);
        var disclosure = new Disclosure
        {
            Slug = $"d{department.Id}-{_year}-{kind}",
            DepartmentId = department.Id,
            Year = _year,
            Kind = _kind,
            Title = $"{_department}{_year}年{(_kind == DisclosureKind.Budget ? "部门预算" : "度部门决算")}",
            TableSetId = _tableSet is null ? null : await db.TableSets.Where(s => s.Code == _tableSet).OrderByDescending(s => s.Version).Select(s => (int?)s.Id).FirstAsync(),
        };
        var version = new DisclosureVersion
        {
            Disclosure = disclosure,
            Number = 1,
            Status = _status,
            ApprovedOn = _approvedOn,
            PublishedAt = _status == VersionStatus.Published ? DateTimeOffset.UtcNow : null,
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
