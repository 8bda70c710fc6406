using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
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

    public const int PageSize = 100;

    /// <summary>One page of the lines that match the filters, overdue first.</summary>
    public List<Line> Lines { get; private set; } = [];

    /// <summary>How many lines of each state there are in scope (within the year filter), for the summary and filter.</summary>
    public List<(string Code, string Label, int Count)> States { get; private set; } = [];

    public List<int> Years { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    private static readonly (string Code, string Label)[] StateLabels =
    [
        ("overdue", "已逾期未公开"), ("due", "未到期"), ("late", "逾期公开"), ("on-time", "按时公开"), ("pending", "未批复"), ("unknown", "未记录批复日期"),
    ];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await access.ScopedDepartmentIdsAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var versions = await db.Versions.AsNoTracking()
            .Where(v => scope.Contains(v.Disclosure.DepartmentId) && v.Number == 1)
            .Select(v => new { v.Id, Department = v.Disclosure.Department.Name, v.Disclosure.Title, v.Disclosure.Year, v.Disclosure.Kind, v.ApprovedOn, v.PublishedAt })
            .ToListAsync(ct);
        var lines = versions.Select(v =>
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
        .Where(l => Year is null || l.Year == Year)
        .OrderBy(l => l.StateCode switch { "overdue" => 0, "due" => 1, "late" => 2, _ => 3 })
        .ThenBy(l => l.Deadline)
        .ThenBy(l => l.Department, StringComparer.Ordinal)
        .ToList();
        Years = versions.Select(v => v.Year).Distinct().OrderDescending().ToList();
        States = StateLabels.Select(s => (s.Code, s.Label, lines.Count(l => l.StateCode == s.Code))).ToList();
        var shown = State is null ? lines : lines.Where(l => l.StateCode == State).ToList();
        Total = shown.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Lines = shown.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
    }
}
