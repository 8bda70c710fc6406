using System.Security.Claims;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Staff;

/// <summary>What the signed-in user may do, decided on the server for every page, handler and endpoint.</summary>
public sealed class AccessControl(PortalDbContext db, IHttpContextAccessor http)
{
    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);
    public bool IsAdministrator => User.IsInRole(PortalRoles.Administrator);
    public bool IsAuditor => User.IsInRole(PortalRoles.Auditor);
    public bool IsStaff => User.IsInRole(PortalRoles.DepartmentStaff);
    public bool IsReviewer => User.IsInRole(PortalRoles.Reviewer);

    /// <summary>Drafts, history and the audit log: auditors and administrators everywhere, staff and reviewers in scope.</summary>
    public async Task<bool> CanReadAsync(int departmentId, CancellationToken ct) =>
        IsAdministrator || IsAuditor || ((IsStaff || IsReviewer) && await InScopeAsync(departmentId, ct));

    /// <summary>Enter and change figures, import workbooks, submit, start a correction.</summary>
    public async Task<bool> CanEditAsync(int departmentId, CancellationToken ct) => IsStaff && await InScopeAsync(departmentId, ct);

    /// <summary>Approve (批复日期), return with a reason, publish.</summary>
    public async Task<bool> CanReviewAsync(int departmentId, CancellationToken ct) => IsReviewer && await InScopeAsync(departmentId, ct);

    /// <summary>The departments the user's scopes cover (a region scope covers every department under it).</summary>
    public async Task<HashSet<int>> ScopedDepartmentIdsAsync(CancellationToken ct)
    {
        if (UserId is not { } userId)
        {
            return [];
        }

        if (IsAdministrator || IsAuditor)
        {
            return [.. await db.Departments.Select(d => d.Id).ToListAsync(ct)];
        }

        var scopes = await db.UserScopes.AsNoTracking().Where(s => s.UserId == userId).Select(s => new { s.DepartmentId, s.RegionId }).ToListAsync(ct);
        var result = scopes.Where(s => s.DepartmentId is not null).Select(s => s.DepartmentId!.Value).ToHashSet();
        var regionIds = scopes.Where(s => s.RegionId is not null).Select(s => s.RegionId!.Value).ToList();
        if (regionIds.Count > 0)
        {
            var covered = (await RegionTree.LoadAsync(db, ct)).IdsUnder(regionIds);
            result.UnionWith(await db.Departments.Where(d => covered.Contains(d.RegionId)).Select(d => d.Id).ToListAsync(ct));
        }

        return result;
    }

    private async Task<bool> InScopeAsync(int departmentId, CancellationToken ct) =>
        (await ScopedDepartmentIdsAsync(ct)).Contains(departmentId);
}
