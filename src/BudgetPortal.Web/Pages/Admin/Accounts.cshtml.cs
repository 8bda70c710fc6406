using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>Every account with its role, scope and state; a new account with an initial password to be changed at first sign-in.</summary>
public sealed class AccountsModel(PortalDbContext db, AccountAdministration accounts) : PageModel
{
    public sealed record Row(string Id, string Email, string Name, string? Role, bool Disabled, bool TwoFactor, bool MustChangePassword, List<string> Scopes);

    public sealed record ScopeChoices(List<(int Id, string Path)> Regions, List<(int Id, string Label)> Departments);

    public List<Row> Rows { get; private set; } = [];
    public ScopeChoices Choices { get; private set; } = new([], []);
    public string? Error { get; private set; }
    public string? Created { get; private set; }
    public string? CreatedPassword { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? email, string? displayName, string? role, string? password,
        List<int>? departmentIds, List<int>? regionIds, CancellationToken ct)
    {
        var (userId, initial, error) = await accounts.CreateAsync(
            new AccountAdministration.NewAccount(email ?? "", displayName ?? "", role ?? "", password, departmentIds ?? [], regionIds ?? []), ct);
        Error = error;
        if (userId is not null)
        {
            Created = email!.Trim();
            CreatedPassword = initial;
        }

        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var tree = await RegionTree.LoadAsync(db, ct);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var scopes = await db.UserScopes.AsNoTracking()
            .Select(s => new { s.UserId, s.RegionId, Department = s.Department == null ? null : s.Department.Name }).ToListAsync(ct);
        Rows = (await db.Users.AsNoTracking().OrderBy(u => u.Email)
                .Select(u => new { u.Id, u.Email, u.DisplayName, u.Disabled, u.TwoFactorEnabled, u.MustChangePassword }).ToListAsync(ct))
            .Select(u => new Row(u.Id, u.Email ?? "", u.DisplayName, roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.Disabled, u.TwoFactorEnabled, u.MustChangePassword,
                [.. scopes.Where(s => s.UserId == u.Id).Select(s => s.Department ?? string.Join("/", tree.PathOf(s.RegionId ?? 0)))]))
            .ToList();
        Choices = await LoadChoicesAsync(db, tree, ct);
    }

    public static async Task<ScopeChoices> LoadChoicesAsync(PortalDbContext db, RegionTree tree, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name, d.RegionId }).ToListAsync(ct);
        return new ScopeChoices(
            [.. tree.Paths()],
            [.. departments.Select(d => (d.Id, Label: $"{string.Join("/", tree.PathOf(d.RegionId))} · {d.Name}")).OrderBy(x => x.Label, StringComparer.Ordinal)]);
    }

    public static string RoleLabel(string? role) => role is null ? "（无角色）" : PortalRoles.ToChinese(role);
}
