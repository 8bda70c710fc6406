using System.Security.Claims;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// Appends to the audit log in the caller's unit of work (saved with the change it records, in the same
/// transaction). The table is append-only: the database itself refuses UPDATE and DELETE (migration AuditLogAppendOnly).
/// </summary>
public sealed class AuditLog(PortalDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public AuditEntry Add(string action, int? disclosureId = null, int? versionId = null, string? location = null,
        string? oldValue = null, string? newValue = null, string? detail = null, string? fileName = null, string? fileHash = null)
    {
        var entry = Create(action, disclosureId, versionId, location, oldValue, newValue, detail, fileName, fileHash);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>An entry not yet added to the unit of work: for callers that write many at once (TableBulkWriter.WriteAuditAsync).</summary>
    public AuditEntry Create(string action, int? disclosureId = null, int? versionId = null, string? location = null,
        string? oldValue = null, string? newValue = null, string? detail = null, string? fileName = null, string? fileHash = null)
    {
        var user = http.HttpContext?.User;
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name ?? "系统",
            Action = action,
            DisclosureId = disclosureId,
            VersionId = versionId,
            // A location names a table, a row and a column: a row name at its 400-character limit must not make the
            // change it records fail to save (the column is the default varchar(400)).
            Location = location is { Length: > 400 } ? location[..399] + "…" : location,
            OldValue = oldValue,
            NewValue = newValue,
            Detail = detail,
            FileName = fileName is { Length: > 400 } ? fileName[..399] + "…" : fileName,
            FileHash = fileHash,
        };
        return entry;
    }
}
