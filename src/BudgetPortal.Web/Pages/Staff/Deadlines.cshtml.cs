using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>
/// 公开时限: 预算法 §14 requires publication within 20 days of approval (批复). Per department and year: 批复日期,
/// the deadline, the publication date, and 按时 / 逾期公开 / 已逾期未公开 / 未到期.
/// </summary>
[Authorize(Roles = PortalRoles.Reviewer + "," + PortalRoles.Administrator + "," + PortalRoles.Auditor)]
public sealed class DeadlinesModel(PortalDbContext db, AccessControl access, TimeProvider clock) : PageModel
{
    public const int Days = 20;

    public sealed record Line(string Department, string Title, int Year, DisclosureKind Kind, int VersionId, DateOnly? ApprovedOn, DateOnly? Deadline, DateOnly? PublishedOn, string State, string StateCode);

    public List<Line> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await access.ScopedDepartmentIdsAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var versions = await db.Versions.AsNoTracking()
            .Where(v => scope.Contains(v.Disclosure.DepartmentId) && v.Number == 1)
            .Select(v => new { v.Id, Department = v.Disclosure.Department.Name, v.Disclosure.Title, v.Disclosure.Year, v.Disclosure.Kind, v.ApprovedOn, v.PublishedAt })
            .ToListAsync(ct);
        Lines = versions.Select(v =>
        {
            var published = v.PublishedAt is { } p ? DateOnly.FromDateTime(p.UtcDateTime) : (DateOnly?)null;
            var deadline = v.ApprovedOn?.AddDays(Days);
            var (state, code) = (deadline, published) switch
            {
                (null, null) => ("未批复", "pending"),
                (null, _) => ("已公开（未记录批复日期）", "unknown"),
                ({ } d, { } pub) => pub <= d ? ("按时公开", "on-time") : ($"逾期 {pub.DayNumber - d.DayNumber} 天公开", "late"),
                ({ } d, null) => today > d ? ($"已逾期 {today.DayNumber - d.DayNumber} 天未公开", "overdue") : ($"距期限 {d.DayNumber - today.DayNumber} 天", "due"),
            };
            return new Line(v.Department, v.Title, v.Year, v.Kind, v.Id, v.ApprovedOn, deadline, published, state, code);
        })
        .OrderBy(l => l.StateCode switch { "overdue" => 0, "due" => 1, "late" => 2, _ => 3 })
        .ThenBy(l => l.Deadline)
        .ToList();
    }
}
