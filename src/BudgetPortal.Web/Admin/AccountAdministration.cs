using System.Security.Cryptography;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Admin;

/// <summary>
/// Accounts as an administrator changes them: create with an initial password that must be changed at first sign-in,
/// role, scope, disable and enable, reset two-factor. Every change is saved with its audit line in one transaction,
/// and every change that could remove an administrator is made under one lock, after counting the others: two
/// administrators demoting each other at the same moment leave one.
/// </summary>
public sealed class AccountAdministration(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit)
{
    public sealed record NewAccount(string Email, string DisplayName, string Role, string? Password, IReadOnlyList<int> DepartmentIds, IReadOnlyList<int> RegionIds);

    /// <summary>The new account's id and its initial password (generated when none was given), or why it was refused.</summary>
    public async Task<(string? UserId, string? Password, string? Error)> CreateAsync(NewAccount input, CancellationToken ct)
    {
        if (!PortalRoles.All.Contains(input.Role))
        {
            return (null, null, "请选择角色。");
        }

        if (string.IsNullOrWhiteSpace(input.Email) || !input.Email.Contains('@', StringComparison.Ordinal) || input.Email.Length > 200)
        {
            return (null, null, "请填写有效的邮箱地址（用作登录名）。");
        }

        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Length > 100)
        {
            return (null, null, "请填写姓名或称呼（不超过 100 个字符）。");
        }

        if (await ScopeErrorAsync(input.Role, input.DepartmentIds, input.RegionIds, ct) is { } scopeError)
        {
            return (null, null, scopeError);
        }

        var email = input.Email.Trim();
        var password = string.IsNullOrWhiteSpace(input.Password) ? GeneratePassword() : input.Password;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = input.DisplayName.Trim(), MustChangePassword = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, null, string.Join("", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, input.Role);
        AddScopes(user.Id, input.DepartmentIds, input.RegionIds);
        audit.Add("新建账户", location: email, newValue: $"{PortalRoles.ToChinese(input.Role)}；{await DescribeScopesAsync(input.DepartmentIds, input.RegionIds, ct)}",
            detail: "初始密码须在首次登录时修改");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (user.Id, password, null);
    }

    public async Task<string?> ChangeRoleAsync(string userId, string role, CancellationToken ct)
    {
        if (!PortalRoles.All.Contains(role))
        {
            return "请选择角色。";
        }

        return await UnderAdministratorLockAsync(userId, async user =>
        {
            var old = (await users.GetRolesAsync(user)).FirstOrDefault();
            if (old == role)
            {
                return null;
            }

            if (old == PortalRoles.Administrator && await IsLastActiveAdministratorAsync(user, ct))
            {
                return "这是最后一个启用的管理员账户，不能改为其他角色。请先为另一人建立管理员账户。";
            }

            if (old is not null)
            {
                await users.RemoveFromRoleAsync(user, old);
            }

            await users.AddToRoleAsync(user, role);
            await users.UpdateSecurityStampAsync(user);
            audit.Add("修改账户角色", location: user.Email, oldValue: old is null ? null : PortalRoles.ToChinese(old), newValue: PortalRoles.ToChinese(role));
            return null;
        }, ct);
    }

    public async Task<string?> SetDisabledAsync(string userId, bool disabled, CancellationToken ct) =>
        await UnderAdministratorLockAsync(userId, async user =>
        {
            if (user.Disabled == disabled)
            {
                return null;
            }

            if (disabled && await users.IsInRoleAsync(user, PortalRoles.Administrator) && await IsLastActiveAdministratorAsync(user, ct))
            {
                return "这是最后一个启用的管理员账户，不能停用。";
            }

            user.Disabled = disabled;
            await users.SetLockoutEnabledAsync(user, true);
            // Sign-in refuses a locked-out account, so a disabled one is locked out until the end of time.
            await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
            if (!disabled)
            {
                await users.ResetAccessFailedCountAsync(user);
            }

            await users.UpdateSecurityStampAsync(user);
            audit.Add(disabled ? "停用账户" : "启用账户", location: user.Email);
            return null;
        }, ct);

    public async Task<string?> ResetTwoFactorAsync(string userId, CancellationToken ct) =>
        await InTransactionAsync(userId, async user =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            await users.UpdateSecurityStampAsync(user);
            audit.Add("重置两步验证", location: user.Email, detail: "下次登录只需密码，可重新设置两步验证");
            return null;
        }, ct);

    public async Task<string?> SetScopesAsync(string userId, IReadOnlyList<int> departmentIds, IReadOnlyList<int> regionIds, CancellationToken ct) =>
        await InTransactionAsync(userId, async user =>
        {
            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
            if (await ScopeErrorAsync(role, departmentIds, regionIds, ct) is { } error)
            {
                return error;
            }

            var current = await db.UserScopes.Where(s => s.UserId == user.Id).ToListAsync(ct);
            var oldDepartments = current.Where(s => s.DepartmentId is not null).Select(s => s.DepartmentId!.Value).Order().ToList();
            var oldRegions = current.Where(s => s.RegionId is not null).Select(s => s.RegionId!.Value).Order().ToList();
            if (oldDepartments.SequenceEqual(departmentIds.Distinct().Order()) && oldRegions.SequenceEqual(regionIds.Distinct().Order()))
            {
                return null;
            }

            db.UserScopes.RemoveRange(current);
            AddScopes(user.Id, departmentIds, regionIds);
            audit.Add("修改负责范围", location: user.Email, oldValue: await DescribeScopesAsync(oldDepartments, oldRegions, ct),
                newValue: await DescribeScopesAsync(departmentIds, regionIds, ct));
            return null;
        }, ct);

    /// <summary>Staff and reviewers act only within a scope, so they need one; the ids must exist.</summary>
    private async Task<string?> ScopeErrorAsync(string role, IReadOnlyList<int> departmentIds, IReadOnlyList<int> regionIds, CancellationToken ct)
    {
        var departments = departmentIds.Distinct().ToList();
        var regions = regionIds.Distinct().ToList();
        if (await db.Departments.CountAsync(d => departments.Contains(d.Id), ct) != departments.Count
            || await db.Regions.CountAsync(r => regions.Contains(r.Id), ct) != regions.Count)
        {
            return "所选部门或地区不存在。";
        }

        return role is PortalRoles.DepartmentStaff or PortalRoles.Reviewer && departments.Count + regions.Count == 0
            ? $"{PortalRoles.ToChinese(role)}需要负责范围：请至少选择一个部门或地区。"
            : null;
    }

    private void AddScopes(string userId, IReadOnlyList<int> departmentIds, IReadOnlyList<int> regionIds)
    {
        db.UserScopes.AddRange(departmentIds.Distinct().Select(id => new UserScope { UserId = userId, DepartmentId = id }));
        db.UserScopes.AddRange(regionIds.Distinct().Select(id => new UserScope { UserId = userId, RegionId = id }));
    }

    public async Task<string> DescribeScopesAsync(IReadOnlyList<int> departmentIds, IReadOnlyList<int> regionIds, CancellationToken ct)
    {
        if (departmentIds.Count + regionIds.Count == 0)
        {
            return "无负责范围";
        }

        var tree = await RegionTree.LoadAsync(db, ct);
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).OrderBy(d => d.Name).Select(d => d.Name).ToListAsync(ct);
        var regions = regionIds.Distinct().Select(id => string.Join("/", tree.PathOf(id))).Order(StringComparer.Ordinal);
        return string.Join("；", new[]
        {
            departments.Count == 0 ? null : "部门：" + string.Join("、", departments),
            regionIds.Count == 0 ? null : "地区：" + string.Join("、", regions),
        }.Where(x => x is not null));
    }

    /// <summary>Whether no other enabled administrator exists (counted under the lock, after every earlier change committed).</summary>
    private async Task<bool> IsLastActiveAdministratorAsync(PortalUser user, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == PortalRoles.Administrator).Select(r => r.Id).SingleAsync(ct);
        return !await db.UserRoles.AnyAsync(ur => ur.RoleId == roleId && ur.UserId != user.Id
            && db.Users.Any(u => u.Id == ur.UserId && !u.Disabled), ct);
    }

    private Task<string?> UnderAdministratorLockAsync(string userId, Func<PortalUser, Task<string?>> change, CancellationToken ct) =>
        InTransactionAsync(userId, change, ct, Organisation.LockKey.Administrators);

    private async Task<string?> InTransactionAsync(string userId, Func<PortalUser, Task<string?>> change, CancellationToken ct, Organisation.LockKey? key = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (key is { } k)
        {
            await db.LockAsync(k, ct);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return "账户不存在。";
        }

        var error = await change(user);
        if (error is not null)
        {
            return error;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>14 characters from a set without look-alikes (no 0/O, 1/l), always with a digit and a lowercase letter.</summary>
    private static string GeneratePassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz";
        const string digits = "23456789";
        var chars = Enumerable.Range(0, 12).Select(_ => (letters + digits)[RandomNumberGenerator.GetInt32(letters.Length + digits.Length)]).ToList();
        chars.Add(letters[RandomNumberGenerator.GetInt32(letters.Length)]);
        chars.Add(digits[RandomNumberGenerator.GetInt32(digits.Length)]);
        return new string([.. chars]);
    }
}
