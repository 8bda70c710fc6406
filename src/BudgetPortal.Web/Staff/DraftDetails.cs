using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// What a draft says about itself rather than its figures: the disclosure's title and public address (until its first
/// publication: after it the address is cited and the title is public), and each table's empty-table note and
/// footnotes. Saved under the version's row lock, like every other draft change, with each change audited.
/// </summary>
public sealed class DraftDetails(PortalDbContext db, AuditLog audit)
{
    public sealed record TableNotes(int Index, string? EmptyNote, IReadOnlyList<string> Footnotes);

    public async Task<(int Changed, string? Error)> SaveAsync(int versionId, string? title, string? slug, IReadOnlyList<TableNotes> tables, CancellationToken ct)
    {
        title = title?.Trim();
        slug = slug?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(title) || title.Length > DraftNaming.MaxTitleLength)
        {
            return (0, $"标题不能为空，也不能超过 {DraftNaming.MaxTitleLength} 个字符。");
        }

        if (DraftNaming.CheckSlug(slug) is { } slugError)
        {
            return (0, slugError);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.LockVersionAsync(versionId, ct);
        if (version is null || version.Status != VersionStatus.Draft)
        {
            return (0, "此版本已不是草稿，不能修改。");
        }

        var disclosure = await db.Disclosures.SingleAsync(d => d.Id == version.DisclosureId, ct);
        var changed = 0;
        if (title != disclosure.Title || slug != disclosure.Slug)
        {
            if (disclosure.CurrentVersionId is not null)
            {
                return (0, "这份文件已经公开过：标题和网址已被公众引用，不能再改。");
            }

            if (slug != disclosure.Slug && await db.Disclosures.AnyAsync(d => d.Slug == slug && d.Id != disclosure.Id, ct))
            {
                return (0, $"网址“{slug}”已被另一份公开文件使用。");
            }

            Record("修改标题", "标题", disclosure.Title, title);
            Record("修改网址", "网址", disclosure.Slug, slug);
            (disclosure.Title, disclosure.Slug) = (title, slug!);
        }

        var stored = await db.Tables.Where(t => t.VersionId == versionId).OrderBy(t => t.Ordinal).ToListAsync(ct);
        foreach (var notes in tables)
        {
            if (notes.Index < 0 || notes.Index >= stored.Count)
            {
                return (0, "表格不存在，请刷新后再改。");
            }

            var table = stored[notes.Index];
            var note = string.IsNullOrWhiteSpace(notes.EmptyNote) ? null : notes.EmptyNote.Trim();
            List<string> footnotes = [.. notes.Footnotes.Select(f => f.Trim()).Where(f => f.Length > 0)];
            if (note?.Length > 2000 || footnotes.Any(f => f.Length > 2000))
            {
                return (0, $"{table.Number} 的说明过长（每条不超过 2000 个字符）。");
            }

            Record("修改空表说明", $"{table.Number} {table.Title} · 空表说明", table.EmptyNote, note);
            Record("修改表注", $"{table.Number} {table.Title} · 表注", string.Join("\n", table.Footnotes), string.Join("\n", footnotes));
            table.EmptyNote = note;
            table.Footnotes = footnotes;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return (0, $"网址“{slug}”刚刚已被另一份公开文件使用。");
        }

        await transaction.CommitAsync(ct);
        return (changed, null);

        void Record(string action, string location, string? old, string? now)
        {
            if ((old ?? "") != (now ?? ""))
            {
                audit.Add(action, version.DisclosureId, versionId, location, old, now);
                changed++;
            }
        }
    }
}

public static class EditableDraft
{
    /// <summary>The draft when the signed-in user may edit it now (staff in its scope, still a draft); else the refusal (404 or 403).</summary>
    public static async Task<(DraftView? Draft, IActionResult? Refusal)> LoadEditableAsync(this DocumentLoader documents, AccessControl access, PageModel page, int id, CancellationToken ct)
    {
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null)
        {
            return (null, page.NotFound());
        }

        return !await access.CanEditAsync(draft.DepartmentId, ct) || draft.Status != VersionStatus.Draft ? (null, page.Forbid()) : (draft, null);
    }

    /// <summary>
    /// For an editor page opened by someone who may read the version but not edit it (a reviewer, an auditor, staff
    /// after submitting): a redirect to the version's read-only rendering at <paramref name="fragment"/> (a query and
    /// anchor); null when the page should go on (an editor, or someone it will refuse anyway).
    /// </summary>
    public static async Task<IActionResult?> ReadOnlyRedirectAsync(this DocumentLoader documents, AccessControl access, int id, string fragment, CancellationToken ct)
    {
        var version = await documents.LoadVersionAsync(id, ct);
        if (version is null || !await access.CanReadAsync(version.DepartmentId, ct))
        {
            return null;
        }

        if (version.Status == VersionStatus.Draft && await access.CanEditAsync(version.DepartmentId, ct))
        {
            return null;
        }

        if (version.Status != VersionStatus.Published)
        {
            return new RedirectResult($"/staff/versions/{id}/draft{fragment}");
        }

        var at = fragment.IndexOf('#', StringComparison.Ordinal);
        var (query, anchor) = at >= 0 ? (fragment[..at], fragment[at..]) : (fragment, "");
        return new RedirectResult($"/disclosures/{Uri.EscapeDataString(version.Slug)}?version={version.Number}{(query.Length > 1 ? "&" + query[1..] : "")}{anchor}");
    }
}
