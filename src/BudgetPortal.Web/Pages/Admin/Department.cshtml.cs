using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>One department: name, code, slug and region; its units with code, name, kind (单位类型) and which is 本级.</summary>
public sealed class DepartmentModel(PortalDbContext db, AuditLog audit) : PageModel
{
    public sealed record UnitInput
    {
        public int? Id { get; init; }
        public string? Code { get; init; }
        public string? Name { get; init; }
        public UnitCategory? Category { get; init; }
        public bool OwnOffice { get; init; }
    }

    public Department Department { get; private set; } = null!;
    public RegionTree Tree { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int id, string? name, string? code, string? slug, int regionId, CancellationToken ct) =>
        await ChangeAsync(id, async (department, tree) =>
        {
            slug = Organisation.NormalizeSlug(slug);
            code = Organisation.NormalizeCode(code);
            if (Organisation.CheckDepartment(name, code, slug) is { } bad)
            {
                return bad;
            }

            var trimmed = name!.Trim();
            if (tree.Find(regionId) is null)
            {
                return "所属地区不存在。";
            }

            if (await db.Departments.AnyAsync(d => d.RegionId == regionId && d.Name == trimmed && d.Id != id, ct))
            {
                return $"该地区已有部门“{trimmed}”。";
            }

            if (slug is not null && await db.Departments.AnyAsync(d => d.Slug == slug && d.Id != id, ct))
            {
                return $"部门代号“{slug}”已被其他部门使用。";
            }

            var place = $"{string.Join("/", tree.PathOf(department.RegionId))}/{department.Name}";
            var changes = 0;
            void Record(string action, string? old, string? now)
            {
                if (old != now)
                {
                    audit.Add(action, location: place, oldValue: old, newValue: now);
                    changes++;
                }
            }

            Record("部门改名", department.Name, trimmed);
            Record("修改部门编码", department.Code, code);
            Record("修改部门代号", department.Slug, slug);
            Record("调整部门所属地区", string.Join("/", tree.PathOf(department.RegionId)), string.Join("/", tree.PathOf(regionId)));
            (department.Name, department.Code, department.Slug, department.RegionId) = (trimmed, code, slug, regionId);
            Message = changes == 0 ? "没有需要保存的修改。" : "已保存，已记入审计日志。";
            return null;
        }, ct);

    public async Task<IActionResult> OnPostUnitAsync(int id, UnitInput unit, bool remove, CancellationToken ct) =>
        await ChangeAsync(id, async (department, tree) =>
        {
            var place = $"{string.Join("/", tree.PathOf(department.RegionId))}/{department.Name}";
            var existing = unit.Id is { } unitId ? department.Units.FirstOrDefault(u => u.Id == unitId) : null;
            if (unit.Id is not null && existing is null)
            {
                return "单位不存在。";
            }

            if (remove && existing is not null)
            {
                department.Units.Remove(existing);
                db.Units.Remove(existing);
                audit.Add("删除单位", location: $"{place}/{existing.Name}", oldValue: Organisation.Describe(existing));
                Message = $"已删除单位“{existing.Name}”。";
                return null;
            }

            var code = Organisation.NormalizeCode(unit.Code);
            if ((Organisation.CheckName(unit.Name, "单位名称") ?? (code?.Length > 32 ? "单位编码不能超过 32 个字符。" : null)) is { } bad)
            {
                return bad;
            }

            var name = unit.Name!.Trim();
            if (department.Units.Any(u => u != existing && u.Name == name))
            {
                return $"该部门已有单位“{name}”。";
            }

            if (code is not null && department.Units.Any(u => u != existing && u.Code == code))
            {
                return $"该部门已有编码为 {code} 的单位。";
            }

            var target = existing ?? new BudgetUnit { Name = name, DepartmentId = department.Id };
            var before = existing is null ? null : Organisation.Describe(existing);
            (target.Name, target.Code, target.Category) = (name, code, unit.Category);
            target.Kind = unit.OwnOffice ? BudgetUnit.OwnOffice : BudgetUnit.Subordinate;
            if (unit.OwnOffice)
            {
                // One 本级 per department: the office it replaces becomes a subordinate unit, audited as such.
                foreach (var other in department.Units.Where(u => u != existing && u.Kind == BudgetUnit.OwnOffice))
                {
                    var was = Organisation.Describe(other);
                    other.Kind = BudgetUnit.Subordinate;
                    audit.Add("修改单位", location: $"{place}/{other.Name}", oldValue: was, newValue: Organisation.Describe(other));
                }
            }

            if (existing is null)
            {
                department.Units.Add(target);
                audit.Add("新建单位", location: $"{place}/{name}", newValue: Organisation.Describe(target));
                Message = $"已新建单位“{name}”。";
            }
            else if (before != Organisation.Describe(target))
            {
                audit.Add("修改单位", location: $"{place}/{name}", oldValue: before, newValue: Organisation.Describe(target));
                Message = $"已保存单位“{name}”。";
            }
            else
            {
                Message = "没有需要保存的修改。";
            }

            return null;
        }, ct);

    private async Task<IActionResult> ChangeAsync(int id, Func<Department, RegionTree, Task<string?>> change, CancellationToken ct)
    {
        Error = await db.ChangeUnderLockAsync(async tree =>
        {
            var department = await db.Departments.Include(d => d.Units).SingleOrDefaultAsync(d => d.Id == id, ct);
            return department is null ? "部门不存在。" : await change(department, tree);
        }, "名称、编码或代号已被使用。", ct);
        Message = Error is null ? Message : null;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Tree = await RegionTree.LoadAsync(db, ct);
        var department = await db.Departments.AsNoTracking().Include(d => d.Units.OrderBy(u => u.Code).ThenBy(u => u.Id)).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null)
        {
            return false;
        }

        Department = department;
        return true;
    }
}
