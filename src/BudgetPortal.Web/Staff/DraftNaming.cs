using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// The title and the public address (slug) a new draft starts with; staff may change both until first publication.
/// Slug: <c>{department part}-{year}-{budget|final}</c>, the department part being the department's own 代号 set by an
/// administrator, else the part its earlier disclosures already use, else <c>dept-{id}</c> (docs/decisions/0121).
/// </summary>
public static partial class DraftNaming
{
    public const int MaxSlugLength = 120;
    public const int MaxTitleLength = 200;

    /// <summary>The department's name, preceded by its region path unless the name already starts with one of its regions.</summary>
    public static string Title(string department, IReadOnlyList<string> regionPath, int year, DisclosureKind kind)
    {
        var name = regionPath.Any(r => department.StartsWith(r, StringComparison.Ordinal)) ? department : string.Concat(regionPath) + department;
        return $"{name}{year}年{(kind == DisclosureKind.Budget ? "部门预算" : "度部门决算")}";
    }

    public static async Task<string> SlugAsync(PortalDbContext db, Department department, int year, DisclosureKind kind, CancellationToken ct)
    {
        var prefix = department.Slug;
        if (prefix is null)
        {
            var earlier = await db.Disclosures.AsNoTracking().Where(d => d.DepartmentId == department.Id)
                .OrderByDescending(d => d.Year).Select(d => d.Slug).ToListAsync(ct);
            prefix = earlier.Select(s => EarlierSlug().Match(s)).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? $"dept-{department.Id}";
        }

        var slug = $"{prefix}-{year}-{DisclosureMapper.KindCode(kind)}";
        // Unique: another department may already use the same words (the unique index stays the last guard).
        for (var n = 2; await db.Disclosures.AnyAsync(d => d.Slug == slug, ct); n++)
        {
            slug = $"{prefix}-{year}-{DisclosureMapper.KindCode(kind)}-{n}";
        }

        return slug;
    }

    /// <summary>Lowercase ASCII letters and digits in words joined by single hyphens (safe in any URL, readable aloud).</summary>
    public static bool IsSlug(string text) => SlugPattern().IsMatch(text);

    /// <summary>Null when staff may use the slug.</summary>
    public static string? CheckSlug(string? slug) =>
        slug is { Length: > 0 and <= MaxSlugLength } && IsSlug(slug)
            ? null
            : $"网址“{slug}”只能由小写英文字母、数字和单个连字符组成（如 putuo-jiaoyu-2026-budget），不超过 {MaxSlugLength} 个字符。";

    [GeneratedRegex("^([a-z0-9]+(?:-[a-z0-9]+)*?)-(?:19|20)[0-9]{2}-(?:budget|final)(?:-[0-9]+)?$")]
    private static partial Regex EarlierSlug();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
