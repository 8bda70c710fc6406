using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>The region tree (省/市/县/区): create, rename, move under another parent (never under itself or below it).</summary>
public sealed class RegionsModel(PortalDbContext db, AuditLog audit) : PageModel
{
    public sealed record Node(int Id, string Name, RegionLevel Level, int? ParentId, int Departments);

    public List<Node> All { get; private set; } = [];
    public ILookup<int?, Node> ByParent { get; private set; } = Array.Empty<Node>().ToLookup(n => n.ParentId);
    public Node? Selected { get; private set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(int? edit, CancellationToken ct) => await LoadAsync(edit, ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, RegionLevel? level, int? parentId, CancellationToken ct)
    {
        return await ChangeAsync(null, async tree =>
        {
            if (Organisation.CheckName(name, "地区名称") is { } bad)
            {
                return bad;
            }

            if (parentId is { } p && tree.Find(p) is null)
            {
                return "上级地区不存在。";
            }

            var trimmed = name!.Trim();
            if (await db.Regions.AnyAsync(r => r.ParentId == parentId && r.Name == trimmed, ct))
            {
                return $"同一上级下已有地区“{trimmed}”。";
            }

            var depth = parentId is { } q ? tree.Trail(q).Count + 1 : 1;
            var region = new Region { Name = trimmed, ParentId = parentId, Level = level ?? Organisation.LevelFor(trimmed, depth) };
            db.Regions.Add(region);
            var path = string.Join("/", [.. parentId is { } r ? tree.PathOf(r) : [], trimmed]);
            audit.Add("新建地区", location: path, newValue: RegionLevels.ToChinese(region.Level));
            Message = $"已新建地区“{path}”。";
            return null;
        }, ct);
    }

    public async Task<IActionResult> OnPostRenameAsync(int id, string? name, CancellationToken ct) =>
        await ChangeAsync(id, async tree =>
        {
            var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == id, ct);
            if (region is null)
            {
                return "地区不存在。";
            }

            if (Organisation.CheckName(name, "地区名称") is { } bad)
            {
                return bad;
            }

            var trimmed = name!.Trim();
            if (trimmed == region.Name)
            {
                Message = "名称没有变化。";
                return null;
            }

            if (await db.Regions.AnyAsync(r => r.ParentId == region.ParentId && r.Name == trimmed && r.Id != id, ct))
            {
                return $"同一上级下已有地区“{trimmed}”。";
            }

            var old = string.Join("/", tree.PathOf(id));
            region.Name = trimmed;
            audit.Add("地区改名", location: old, oldValue: old, newValue: trimmed);
            Message = $"已将“{old}”改名为“{trimmed}”。";
            return null;
        }, ct);

    public async Task<IActionResult> OnPostMoveAsync(int id, int? parentId, CancellationToken ct) =>
        await ChangeAsync(id, async tree =>
        {
            var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == id, ct);
            if (region is null)
            {
                return "地区不存在。";
            }

            if (parentId is { } p && tree.Find(p) is null)
            {
                return "新的上级地区不存在。";
            }

            if (parentId is { } target && tree.Trail(target).Any(n => n.Id == id))
            {
                return $"不能把“{region.Name}”移到它自己或它的下级地区“{string.Join("/", tree.PathOf(target))}”之下。";
            }

            if (await db.Regions.AnyAsync(r => r.ParentId == parentId && r.Name == region.Name && r.Id != id, ct))
            {
                return $"新的上级下已有同名地区“{region.Name}”。";
            }

            var old = string.Join("/", tree.PathOf(id));
            var now = string.Join("/", [.. parentId is { } n ? tree.PathOf(n) : [], region.Name]);
            region.ParentId = parentId;
            audit.Add("调整地区上级", location: old, oldValue: old, newValue: now);
            Message = $"已将“{old}”移到“{now}”。";
            return null;
        }, ct);

    private async Task<IActionResult> ChangeAsync(int? edit, Func<RegionTree, Task<string?>> change, CancellationToken ct)
    {
        Error = await db.ChangeUnderLockAsync(change, "同一上级下已有同名地区。", ct);
        Message = Error is null ? Message : null;
        await LoadAsync(edit, ct);
        return Page();
    }

    private async Task LoadAsync(int? edit, CancellationToken ct)
    {
        All = await db.Regions.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new Node(r.Id, r.Name, r.Level, r.ParentId, r.Departments.Count)).ToListAsync(ct);
        ByParent = All.ToLookup(n => n.ParentId);
        Selected = edit is { } id ? All.FirstOrDefault(n => n.Id == id) : null;
    }

    /// <summary>Every region in tree order with its depth, for the parent choices.</summary>
    public IEnumerable<(Node Node, int Depth)> InTreeOrder()
    {
        var stack = new Stack<(Node, int)>(ByParent[null].Reverse().Select(n => (n, 0)));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            yield return (node, depth);
            foreach (var child in ByParent[node.Id].Reverse())
            {
                stack.Push((child, depth + 1));
            }
        }
    }
}
