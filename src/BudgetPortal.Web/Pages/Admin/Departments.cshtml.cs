using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>Departments, filtered by region (with its sub-regions) and name, 100 a page; a new department.</summary>
public sealed class DepartmentsModel(PortalDbContext db, AuditLog audit) : PageModel
{
    public sealed record Row(int Id, string Name, string? Code, string? Slug, int RegionId, int Units, int Disclosures);

    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public int? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RegionTree Tree { get; private set; } = null!;
    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(int regionId, string? name, string? code, string? slug, CancellationToken ct)
    {
        slug = Organisation.NormalizeSlug(slug);
        code = Organisation.NormalizeCode(code);
        Error = Organisation.CheckDepartment(name, code, slug);
        Department? created = null;
        Error ??= await db.ChangeUnderLockAsync(async tree =>
        {
            var trimmed = name!.Trim();
            if (tree.Find(regionId) is null)
            {
                return "所属地区不存在。";
            }

            if (await db.Departments.AnyAsync(d => d.RegionId == regionId && d.Name == trimmed, ct))
            {
                return $"该地区已有部门“{trimmed}”。";
            }

            if (slug is not null && await db.Departments.AnyAsync(d => d.Slug == slug, ct))
            {
                return $"部门代号“{slug}”已被其他部门使用。";
            }

            created = new Department { RegionId = regionId, Name = trimmed, Code = code, Slug = slug };
            db.Departments.Add(created);
            audit.Add("新建部门", location: $"{string.Join("/", tree.PathOf(regionId))}/{trimmed}", newValue: $"编码 {code ?? "（无）"}，代号 {slug ?? "（无）"}");
            return null;
        }, "同名部门或同一代号刚刚已被创建。", ct);
        if (Error is null && created is not null)
        {
            return Redirect($"/admin/departments/{created.Id}");
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tree = await RegionTree.LoadAsync(db, ct);
        var query = db.Departments.AsNoTracking();
        if (Region is { } region)
        {
            var ids = Tree.IdsUnder(region);
            query = query.Where(d => ids.Contains(d.RegionId));
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            query = query.Where(d => d.Name.Contains(q) || d.Code == q || d.Slug == q);
        }

        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = await query.OrderBy(d => d.RegionId).ThenBy(d => d.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new Row(d.Id, d.Name, d.Code, d.Slug, d.RegionId, d.Units.Count, d.Disclosures.Count)).ToListAsync(ct);
    }
}
