using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>The audit log, read-only, for auditors and administrators; filtered by person, action, disclosure and dates.</summary>
[Authorize(Roles = PortalRoles.Auditor + "," + PortalRoles.Administrator)]
public sealed class AuditModel(PortalDbContext db) : PageModel
{
    public sealed record Line(AuditEntry Entry, string? Disclosure);

    public List<Line> Lines { get; private set; } = [];
    public List<string> Actions { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(string? user, string? action, string? q, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(user))
        {
            query = query.Where(a => a.UserName.Contains(user));
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var ids = db.Disclosures.Where(d => d.Title.Contains(q) || d.Slug == q).Select(d => (int?)d.Id);
            query = query.Where(a => ids.Contains(a.DisclosureId) || (a.Location != null && a.Location.Contains(q)));
        }

        if (from is { } f)
        {
            query = query.Where(a => a.At >= new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        if (to is { } t)
        {
            query = query.Where(a => a.At < new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        Total = await query.CountAsync(ct);
        Lines = await query.OrderByDescending(a => a.Id).Take(500)
            .Select(a => new Line(a, db.Disclosures.Where(d => d.Id == a.DisclosureId).Select(d => d.Title).FirstOrDefault()))
            .ToListAsync(ct);
        Actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }
}
