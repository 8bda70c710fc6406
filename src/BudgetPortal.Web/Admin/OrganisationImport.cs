using BudgetPortal.Core.Workbooks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Admin;

/// <summary>
/// What an organisation file would create or change, worked out against the database, and its application in one
/// transaction (all or nothing). Regions are matched by name under their parent, departments by name in their region,
/// units by code (else by name) in their department. Nothing is deleted: what the file does not mention stays.
/// </summary>
public sealed class OrganisationImport(PortalDbContext db, AuditLog audit)
{
    public sealed record Change(string Action, string Location, string? Old, string? New);

    public sealed record Plan(IReadOnlyList<Change> Changes, IReadOnlyList<OrganisationProblem> Problems, int Unchanged)
    {
        public bool Ok => Problems.Count == 0;
        public int Count(string action) => Changes.Count(c => c.Action == action);
    }

    public const string NewRegion = "新建地区";
    public const string NewDepartment = "新建部门";
    public const string ChangedDepartment = "修改部门";
    public const string NewUnit = "新建单位";
    public const string ChangedUnit = "修改单位";

    /// <summary>The plan alone (for the preview): nothing is written.</summary>
    public async Task<Plan> PreviewAsync(IReadOnlyList<OrganisationRow> rows, CancellationToken ct)
    {
        var plan = await BuildAsync(rows, ct);
        db.ChangeTracker.Clear();
        return plan;
    }

    /// <summary>Plans again under the organisation lock (the database may have changed since the preview) and applies it.</summary>
    public async Task<Plan> ApplyAsync(IReadOnlyList<OrganisationRow> rows, string fileName, string fileHash, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync(Organisation.LockKey.Organisation, ct);
        var plan = await BuildAsync(rows, ct);
        if (!plan.Ok)
        {
            db.ChangeTracker.Clear();
            return plan;
        }

        foreach (var change in plan.Changes)
        {
            audit.Add($"导入：{change.Action}", location: change.Location, oldValue: change.Old, newValue: change.New, fileName: fileName, fileHash: fileHash);
        }

        audit.Add("批量导入组织机构", detail: $"{rows.Count} 行：{Summary(plan)}", fileName: fileName, fileHash: fileHash);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return plan;
    }

    public static string Summary(Plan plan) =>
        $"新建地区 {plan.Count(NewRegion)} 个，新建部门 {plan.Count(NewDepartment)} 个，修改部门 {plan.Count(ChangedDepartment)} 个，" +
        $"新建单位 {plan.Count(NewUnit)} 个，修改单位 {plan.Count(ChangedUnit)} 个，无变化 {plan.Unchanged} 行";

    /// <summary>Loads what the rows touch, and changes the tracked entities as the file says (saved only by ApplyAsync).</summary>
    private async Task<Plan> BuildAsync(IReadOnlyList<OrganisationRow> rows, CancellationToken ct)
    {
        var changes = new List<Change>();
        var problems = new List<OrganisationProblem>();
        var regions = await db.Regions.ToListAsync(ct);
        var children = regions.ToLookup(r => r.ParentId);
        var regionPaths = new Dictionary<string, Region>();
        var unchanged = 0;

        // Regions by path, created where missing (one object per new path, so several rows share it).
        Region RegionOf(IReadOnlyList<string> path)
        {
            Region? current = null;
            for (var depth = 0; depth < path.Count; depth++)
            {
                var key = string.Join("/", path.Take(depth + 1));
                if (!regionPaths.TryGetValue(key, out var next))
                {
                    var parent = current;
                    next = (parent is null || parent.Id != 0 ? children[parent?.Id].FirstOrDefault(r => r.Name == path[depth]) : null)
                        ?? new Region { Name = path[depth], Parent = parent, Level = Organisation.LevelFor(path[depth], depth + 1) };
                    if (next.Id == 0)
                    {
                        db.Regions.Add(next);
                        changes.Add(new Change(NewRegion, key, null, RegionLevels.ToChinese(next.Level)));
                    }

                    regionPaths[key] = next;
                }

                current = next;
            }

            return current!;
        }

        var byRegion = rows.GroupBy(r => string.Join("/", r.RegionPath)).ToList();
        foreach (var group in byRegion)
        {
            RegionOf(group.First().RegionPath);
        }

        var existingRegionIds = regionPaths.Values.Where(r => r.Id != 0).Select(r => r.Id).ToList();
        var departments = await db.Departments.Include(d => d.Units).Where(d => existingRegionIds.Contains(d.RegionId)).ToListAsync(ct);
        var slugs = rows.Select(r => r.DepartmentSlug).OfType<string>().Distinct().ToList();
        var slugOwners = await db.Departments.AsNoTracking().Where(d => d.Slug != null && slugs.Contains(d.Slug)).Select(d => new { d.Id, d.Slug }).ToListAsync(ct);

        foreach (var departmentRows in rows.GroupBy(r => (Path: string.Join("/", r.RegionPath), r.Department)))
        {
            var region = regionPaths[departmentRows.Key.Path];
            var place = $"{departmentRows.Key.Path}/{departmentRows.Key.Department}";
            var department = region.Id == 0 ? null : departments.FirstOrDefault(d => d.RegionId == region.Id && d.Name == departmentRows.Key.Department);
            var first = departmentRows.First();
            foreach (var column in new[] { (OrganisationSheet.DepartmentCode, (Func<OrganisationRow, string?>)(r => r.DepartmentCode)), (OrganisationSheet.DepartmentSlug, r => r.DepartmentSlug) })
            {
                var values = departmentRows.Select(column.Item2).OfType<string>().Distinct().ToList();
                if (values.Count > 1)
                {
                    var row = departmentRows.First(r => column.Item2(r) is { } v && v != values[0]);
                    problems.Add(new OrganisationProblem(row.Row, column.Item1, $"同一部门“{first.Department}”的各行填了不同的{column.Item1}（{string.Join("、", values)}）。"));
                }
            }

            var code = departmentRows.Select(r => r.DepartmentCode).OfType<string>().FirstOrDefault();
            var slug = departmentRows.Select(r => r.DepartmentSlug).OfType<string>().FirstOrDefault();
            if (slug is not null && slugOwners.Any(o => o.Slug == slug && o.Id != department?.Id))
            {
                problems.Add(new OrganisationProblem(departmentRows.First(r => r.DepartmentSlug == slug).Row, OrganisationSheet.DepartmentSlug, $"部门代号“{slug}”已被其他部门使用。"));
            }

            if (department is null)
            {
                department = new Department { Name = first.Department, Region = region, Code = code, Slug = slug };
                db.Departments.Add(department);
                changes.Add(new Change(NewDepartment, place, null, $"编码 {code ?? "（无）"}，代号 {slug ?? "（无）"}"));
            }
            else if ((code is not null && code != department.Code) || (slug is not null && slug != department.Slug))
            {
                changes.Add(new Change(ChangedDepartment, place, $"编码 {department.Code ?? "（无）"}，代号 {department.Slug ?? "（无）"}",
                    $"编码 {code ?? department.Code ?? "（无）"}，代号 {slug ?? department.Slug ?? "（无）"}"));
                department.Code = code ?? department.Code;
                department.Slug = slug ?? department.Slug;
            }

            var ownOffices = departmentRows.Where(r => r.OwnOffice).ToList();
            if (ownOffices.Count > 1)
            {
                problems.Add(new OrganisationProblem(ownOffices[1].Row, OrganisationSheet.OwnOffice, $"部门“{first.Department}”已在第 {ownOffices[0].Row} 行有本级单位，每个部门只有一个本级单位。"));
            }

            var seenNames = new Dictionary<string, int>();
            var seenCodes = new Dictionary<string, int>();
            foreach (var row in departmentRows)
            {
                if (!seenNames.TryAdd(row.UnitName, row.Row))
                {
                    problems.Add(new OrganisationProblem(row.Row, OrganisationSheet.UnitName, $"“{row.UnitName}”与第 {seenNames[row.UnitName]} 行重复。"));
                    continue;
                }

                if (row.UnitCode is { } c && !seenCodes.TryAdd(c, row.Row))
                {
                    problems.Add(new OrganisationProblem(row.Row, OrganisationSheet.UnitCode, $"编码 {c} 与第 {seenCodes[c]} 行重复。"));
                    continue;
                }

                var unit = (row.UnitCode is null ? null : department.Units.FirstOrDefault(u => u.Code == row.UnitCode))
                    ?? department.Units.FirstOrDefault(u => u.Name == row.UnitName);
                var category = UnitCategories.Parse(row.UnitKind);
                var kind = row.OwnOffice ? BudgetUnit.OwnOffice : BudgetUnit.Subordinate;
                if (unit is null)
                {
                    unit = new BudgetUnit { Name = row.UnitName, Code = row.UnitCode, Category = category, Kind = kind };
                    department.Units.Add(unit);
                    changes.Add(new Change(NewUnit, $"{place}/{row.UnitName}", null, Organisation.Describe(unit)));
                    continue;
                }

                if (department.Units.Any(u => u != unit && u.Name == row.UnitName))
                {
                    problems.Add(new OrganisationProblem(row.Row, OrganisationSheet.UnitName, $"编码 {row.UnitCode} 的单位改名为“{row.UnitName}”，但该部门已有同名的另一单位。"));
                    continue;
                }

                var before = Organisation.Describe(unit);
                unit.Name = row.UnitName;
                unit.Code = row.UnitCode ?? unit.Code;
                unit.Category = category ?? unit.Category;
                // A row that does not say 本级 leaves an existing 本级 as it is (the column is optional).
                unit.Kind = row.OwnOffice ? BudgetUnit.OwnOffice : (unit.Kind == BudgetUnit.OwnOffice && ownOffices.Count == 0 ? unit.Kind : kind);
                if (Organisation.Describe(unit) is var after && after != before)
                {
                    changes.Add(new Change(ChangedUnit, $"{place}/{row.UnitName}", before, after));
                }
                else
                {
                    unchanged++;
                }
            }

            if (ownOffices.Count == 1)
            {
                // The file names the 本级: a different unit that was 本级 until now becomes a subordinate unit.
                foreach (var other in department.Units.Where(u => u.Kind == BudgetUnit.OwnOffice && u.Name != ownOffices[0].UnitName))
                {
                    var before = Organisation.Describe(other);
                    other.Kind = BudgetUnit.Subordinate;
                    changes.Add(new Change(ChangedUnit, $"{place}/{other.Name}", before, Organisation.Describe(other)));
                }
            }
        }

        return new Plan(changes, problems.OrderBy(p => p.Row).ToList(), unchanged);
    }
}
