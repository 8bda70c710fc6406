using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BudgetPortal.Web.Admin;

/// <summary>Rules shared by the administration pages and the bulk import: names, department slugs, locks.</summary>
public static class Organisation
{
    public const int MaxNameLength = 100;

    /// <summary>Keys of the transaction-scoped advisory locks that serialize administration changes across instances.</summary>
    public enum LockKey : long
    {
        /// <summary>Regions, departments and units: a move checked for cycles, a name checked for uniqueness.</summary>
        Organisation = 0x4250_4f52_47,

        /// <summary>Roles and disabling: the last active administrator is counted under it.</summary>
        Administrators = 0x4250_4144_4d,
    }

    /// <summary>Waits for the lock until the caller's transaction ends (every instance shares the database, so every instance waits).</summary>
    public static Task LockAsync(this PortalDbContext db, LockKey key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(long)key})", ct);

    /// <summary>
    /// Runs one change under the organisation lock, in one transaction with its audit lines: two changes at once cannot
    /// build a cycle or a duplicate between them, and a refused change (an error returned) leaves nothing behind.
    /// </summary>
    public static async Task<string?> ChangeUnderLockAsync(this PortalDbContext db, Func<RegionTree, Task<string?>> change, string duplicate, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync(LockKey.Organisation, ct);
        try
        {
            var error = await change(await RegionTree.LoadAsync(db, ct));
            if (error is null)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return error;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return duplicate;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Null when the name is acceptable, else why not (in Chinese, naming the field).</summary>
    public static string? CheckName(string? name, string field) => name?.Trim() switch
    {
        null or "" => $"{field}不能为空。",
        { Length: > MaxNameLength } => $"{field}不能超过 {MaxNameLength} 个字符。",
        var n when n.Contains('/', StringComparison.Ordinal) => $"{field}不能包含“/”（它用于分隔地区路径）。",
        _ => null,
    };

    /// <summary>Null when a department's name, code and slug (already normalized) are acceptable.</summary>
    public static string? CheckDepartment(string? name, string? code, string? slug) =>
        CheckName(name, "部门名称") ?? CheckSlug(slug) ?? (code?.Length > 32 ? "部门编码不能超过 32 个字符。" : null);

    /// <summary>Null when the department slug is acceptable: lowercase ASCII letters, digits and single hyphens.</summary>
    public static string? CheckSlug(string? slug) =>
        string.IsNullOrEmpty(slug) || (slug.Length <= 60 && DraftNaming.IsSlug(slug))
            ? null
            : $"部门代号“{slug}”只能由小写英文字母、数字和连字符组成（如 putuo-jiaoyu），不超过 60 个字符。";

    public static string? NormalizeSlug(string? slug) => string.IsNullOrWhiteSpace(slug) ? null : slug.Trim().ToLowerInvariant();

    public static string? NormalizeCode(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim();

    /// <summary>A unique index refused the change: someone created the same name at the same time.</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The level a new region gets from its name and depth: depth 1 省, then by the last character.</summary>
    public static RegionLevel LevelFor(string name, int depth) => depth <= 1
        ? RegionLevel.Province
        : name[^1] switch
        {
            '区' => RegionLevel.District,
            '县' or '旗' => RegionLevel.County,
            _ => RegionLevel.City,
        };

    /// <summary>A unit as the audit log and the import preview show it.</summary>
    public static string Describe(BudgetUnit u) =>
        $"{u.Code ?? "（无编码）"} {u.Name}，{(u.Category is { } c ? UnitCategories.ToChinese(c) : "类型未填")}{(u.Kind == BudgetUnit.OwnOffice ? "，本级" : "")}";
}
