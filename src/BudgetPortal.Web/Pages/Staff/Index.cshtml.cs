using System.ComponentModel.DataAnnotations;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>The workspace: the disclosures in the user's scope with their versions, and new drafts.</summary>
[Authorize]
public sealed class IndexModel(PortalDbContext db, AccessControl access, DraftStore drafts) : PageModel
{
    public sealed record VersionItem(int Id, int Number, VersionStatus Status, DateOnly? ApprovedOn, DateTimeOffset? PublishedAt, string? ReturnReason);

    public sealed record DisclosureItem(int Id, string Slug, string Title, string Department, int Year, DisclosureKind Kind, int? CurrentVersionId, List<VersionItem> Versions);

    public sealed record DepartmentOption(int Id, string Name);

    public sealed record NewDraftInput
    {
        [Required(ErrorMessage = "请选择部门。")]
        public int? DepartmentId { get; init; }

        [Required(ErrorMessage = "请填写年度。")]
        [Range(2000, 2100, ErrorMessage = "年度应在 2000 至 2100 之间。")]
        public int? Year { get; init; }

        public DisclosureKind Kind { get; init; } = DisclosureKind.Budget;

        [Required(ErrorMessage = "请选择表套。")]
        public string? TableSet { get; init; }
    }

    public List<DisclosureItem> Disclosures { get; private set; } = [];
    public List<DepartmentOption> EditableDepartments { get; private set; } = [];
    public List<(string Code, string Name, string Kind)> TableSets { get; private set; } = [];
    public List<string> Roles { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty]
    public NewDraftInput Draft { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        if (!await access.CanEditAsync(Draft.DepartmentId!.Value, ct))
        {
            return Forbid();
        }

        var (versionId, error) = await drafts.CreateAsync(Draft.DepartmentId.Value, Draft.Year!.Value, Draft.Kind, Draft.TableSet!, ct);
        if (error is not null)
        {
            Error = error;
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage("Version", new { id = versionId });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Roles = [.. PortalRoles.All.Where(User.IsInRole).Select(PortalRoles.ToChinese)];
        var scope = await access.ScopedDepartmentIdsAsync(ct);
        Disclosures = await db.Disclosures.AsNoTracking()
            .Where(d => scope.Contains(d.DepartmentId))
            .OrderBy(d => d.Department.Name).ThenByDescending(d => d.Year).ThenBy(d => d.Kind)
            .Select(d => new DisclosureItem(d.Id, d.Slug, d.Title, d.Department.Name, d.Year, d.Kind, d.CurrentVersionId,
                d.Versions.OrderByDescending(v => v.Number)
                    .Select(v => new VersionItem(v.Id, v.Number, v.Status, v.ApprovedOn, v.PublishedAt, v.ReturnReason)).ToList()))
            .ToListAsync(ct);
        if (access.IsStaff)
        {
            EditableDepartments = await db.Departments.AsNoTracking().Where(d => scope.Contains(d.Id)).OrderBy(d => d.Name)
                .Select(d => new DepartmentOption(d.Id, d.Name)).ToListAsync(ct);
            TableSets = (await db.TableSets.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Code, s.Name, s.Kind }).ToListAsync(ct))
                .Select(s => (s.Code, s.Name, DisclosureMapper.KindCode(s.Kind))).ToList();
        }
    }
}
