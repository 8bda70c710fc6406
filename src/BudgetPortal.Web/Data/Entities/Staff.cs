using Microsoft.AspNetCore.Identity;

namespace BudgetPortal.Web.Data.Entities;

/// <summary>A signed-in person: finance staff of a department, a reviewer, an auditor or an administrator.</summary>
public sealed class PortalUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>Set for an account created with an initial password: nothing but the password change is served until it is changed.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Disabled by an administrator (its lockout end is also set to the end of time, so sign-in refuses it).</summary>
    public bool Disabled { get; set; }
    public List<UserScope> Scopes { get; set; } = [];
}

/// <summary>
/// What a user's role applies to: a department, or a region with everything under it. Department staff edit only
/// their departments; reviewers review only theirs. Administrators and auditors need no scope.
/// </summary>
public sealed class UserScope
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public PortalUser User { get; set; } = null!;
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public int? RegionId { get; set; }
    public Region? Region { get; set; }
}

/// <summary>
/// One line of the append-only audit log (the database refuses updates and deletes): who did what to which
/// disclosure, table, cell or section, with the old and new value; for an import the file name and its SHA-256.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public int? DisclosureId { get; set; }
    public int? VersionId { get; set; }
    public string? Location { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Detail { get; set; }
    public string? FileName { get; set; }
    public string? FileHash { get; set; }
}

/// <summary>
/// An uploaded workbook waiting for the user to confirm its changes. Kept in the database (not in one instance's
/// memory) so that the confirmation may reach any instance; deleted once applied.
/// </summary>
public sealed class PendingImport
{
    public Guid Id { get; set; }
    public int VersionId { get; set; }
    public required string UserId { get; set; }
    public required string FileName { get; set; }
    public required string FileHash { get; set; }

    /// <summary>The ids of the draft's tables when the preview was made: if one has changed since, confirming is refused.</summary>
    public required string TableIds { get; set; }

    /// <summary>The tables as read from the workbook (JSON, by table index), so that confirming does not read it again.</summary>
    public required string Tables { get; set; }

    /// <summary>Previews expire (<c>Portal:Import:PreviewLifetimeMinutes</c>) and are then deleted by the cleanup.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
