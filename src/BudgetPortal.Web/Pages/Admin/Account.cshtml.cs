using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>One account: role, scope, disable or enable, reset two-factor. The last enabled administrator is kept.</summary>
public sealed class AccountModel(PortalDbContext db, AccountAdministration accounts) : PageModel
{
    public PortalUser Account { get; private set; } = null!;
    public string? Role { get; private set; }
    public HashSet<int> Departments { get; private set; } = [];
    public HashSet<int> Regions { get; private set; } = [];
    public AccountsModel.ScopeChoices Choices { get; private set; } = new([], []);
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRoleAsync(string id, string? role, CancellationToken ct) =>
        DoAsync(id, accounts.ChangeRoleAsync(id, role ?? "", ct), "角色已修改。", ct);

    public Task<IActionResult> OnPostScopeAsync(string id, List<int>? departmentIds, List<int>? regionIds, CancellationToken ct) =>
        DoAsync(id, accounts.SetScopesAsync(id, departmentIds ?? [], regionIds ?? [], ct), "负责范围已修改。", ct);

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) =>
        DoAsync(id, accounts.SetDisabledAsync(id, true, ct), "账户已停用，其登录状态随即失效。", ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) =>
        DoAsync(id, accounts.SetDisabledAsync(id, false, ct), "账户已启用。", ct);

    public Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct) =>
        DoAsync(id, accounts.ResetTwoFactorAsync(id, ct), "两步验证已重置：下次登录只需密码，本人可重新设置。", ct);

    private async Task<IActionResult> DoAsync(string id, Task<string?> change, string done, CancellationToken ct)
    {
        Error = await change;
        Message = Error is null ? done : null;
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (account is null)
        {
            return false;
        }

        Account = account;
        Role = await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefaultAsync(ct);
        var scopes = await db.UserScopes.AsNoTracking().Where(s => s.UserId == id).ToListAsync(ct);
        Departments = [.. scopes.Where(s => s.DepartmentId is not null).Select(s => s.DepartmentId!.Value)];
        Regions = [.. scopes.Where(s => s.RegionId is not null).Select(s => s.RegionId!.Value)];
        Choices = await AccountsModel.LoadChoicesAsync(db, await RegionTree.LoadAsync(db, ct), ct);
        return true;
    }
}
