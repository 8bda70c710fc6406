using System.Globalization;
using BudgetPortal.Core.Exports;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>
/// The audit log, read-only, for auditors and administrators: filtered by person, action, disclosure and dates, 100 lines
/// a page with long values folded, and the whole filtered log as CSV.
/// </summary>
[Authorize(Roles = PortalRoles.Auditor + "," + PortalRoles.Administrator)]
public sealed class AuditModel(PortalDbContext db) : PageModel
{
    private const int PageSize = 100;

    /// <summary>Values longer than this are folded on the page (a narrative change can be pages long).</summary>
    public const int FoldAt = 120;

    public sealed record Line(AuditEntry Entry, string? Disclosure);

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<Line> Lines { get; private set; } = [];
    public List<string> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages { get; private set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = Filtered();
        Total = await query.CountAsync(ct);
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Lines = await WithDisclosure(query.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)).ToListAsync(ct);
        Actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    /// <summary>The whole filtered log, oldest first, as CSV (the shared open-data writer: UTF-8 with BOM, formulas neutralised), values never cut.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var lines = await WithDisclosure(Filtered().OrderBy(a => a.Id)).ToListAsync(ct);
        var stream = new MemoryStream();
        using (var csv = new OpenDataCsv(stream))
        {
            foreach (var header in new[] { "编号", "时间（UTC）", "人员", "操作", "公开文件", "版本编号", "位置", "原值", "新值", "说明", "文件名", "文件 SHA-256" })
            {
                csv.Text(header);
            }

            csv.EndRow();
            foreach (var line in lines)
            {
                var a = line.Entry;
                csv.Number(a.Id);
                csv.Text(a.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                foreach (var text in new[] { a.UserName, a.Action, line.Disclosure, a.VersionId?.ToString(CultureInfo.InvariantCulture), a.Location, a.OldValue, a.NewValue, a.Detail, a.FileName, a.FileHash })
                {
                    csv.Text(text);
                }

                csv.EndRow();
            }
        }

        stream.Position = 0;
        return File(stream, "text/csv; charset=utf-8", "审计日志.csv");
    }

    private IQueryable<AuditEntry> Filtered()
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Person))
        {
            query = query.Where(a => a.UserName.Contains(Person));
        }

        if (!string.IsNullOrWhiteSpace(Action))
        {
            query = query.Where(a => a.Action == Action);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var ids = db.Disclosures.Where(d => d.Title.Contains(Q) || d.Slug == Q).Select(d => (int?)d.Id);
            query = query.Where(a => ids.Contains(a.DisclosureId) || (a.Location != null && a.Location.Contains(Q)));
        }

        if (From is { } f)
        {
            query = query.Where(a => a.At >= new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        if (To is { } t)
        {
            query = query.Where(a => a.At < new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        return query;
    }

    private IQueryable<Line> WithDisclosure(IQueryable<AuditEntry> entries) =>
        entries.Select(a => new Line(a, db.Disclosures.Where(d => d.Id == a.DisclosureId).Select(d => d.Title).FirstOrDefault()));
}
