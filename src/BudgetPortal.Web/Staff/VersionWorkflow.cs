using System.Globalization;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// The lifecycle of a version: 草稿 → 已提交 → 已批复 (批复日期) → 已公开; a reviewer may return a submission with a
/// reason (back to 草稿). Publishing freezes the version; a correction starts a new draft from the published version
/// and needs a 更正说明 to be published as the next version.
/// Every transition locks the version row, checks the state it expects and writes the audit log in one transaction,
/// so of two people acting at the same moment exactly one wins and the other is told what happened.
/// </summary>
public sealed class VersionWorkflow(
    PortalDbContext db, DocumentLoader documents, DisclosureCheckService checks, AuditLog audit, PublicationEvents publication, TimeProvider clock)
{
    public const int MaxExplanationLength = 4000;

    /// <summary>The steps of the lifecycle, with the word that names each one.</summary>
    private static readonly (VersionStatus From, VersionStatus To, string Action)[] Steps =
    [
        (VersionStatus.Draft, VersionStatus.Submitted, "提交审核"),
        (VersionStatus.Submitted, VersionStatus.Draft, "退回"),
        (VersionStatus.Submitted, VersionStatus.Approved, "批复"),
        (VersionStatus.Approved, VersionStatus.Published, "公开"),
    ];

    public static string StatusLabel(VersionStatus status) => status switch
    {
        VersionStatus.Draft => "草稿",
        VersionStatus.Submitted => "已提交待审核",
        VersionStatus.Approved => "已批复待公开",
        _ => "已公开",
    };

    /// <summary>
    /// Submits a draft. While a 错误 finding stands, staff must confirm that they submit it anyway (the report is judged
    /// under the version's lock, on the figures that are submitted).
    /// </summary>
    public async Task<string?> SubmitAsync(int versionId, bool confirmed, CancellationToken ct) =>
        await TransitionAsync(versionId, VersionStatus.Draft, VersionStatus.Submitted, "提交审核", null, v => { v.ReturnReason = null; }, ct,
            async v => !confirmed && await BlockingAsync(v.Id, ct) is > 0 and var blocking
                ? $"检查发现 {blocking} 项错误尚未改正。请先看过下面的检查结果；确需提交时，勾选“仍然提交”后再提交审核。"
                : null);

    public async Task<string?> ReturnAsync(int versionId, string reason, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(reason)
            ? "退回时请填写退回原因。"
            : await TransitionAsync(versionId, VersionStatus.Submitted, VersionStatus.Draft, "退回修改", reason, v => v.ReturnReason = reason.Trim(), ct);

    public async Task<string?> ApproveAsync(int versionId, DateOnly? approvedOn, CancellationToken ct) =>
        approvedOn is null
            ? "请填写批复日期。"
            : await TransitionAsync(versionId, VersionStatus.Submitted, VersionStatus.Approved, "批复",
                approvedOn.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v => v.ApprovedOn = approvedOn, ct);

    /// <summary>
    /// Publishes an approved version: it becomes what the public sees and never changes again. While a 错误 finding
    /// stands it is refused unless the reviewer gives an explanation (审核说明), which is published with the version.
    /// The report is judged after the version row is locked, in the same transaction as the transition, so nothing can
    /// change the figures between the judgement and the publication.
    /// </summary>
    public async Task<string?> PublishAsync(int versionId, string? correctionNote, string? explanation, CancellationToken ct)
    {
        var isCorrection = await db.Versions.AnyAsync(v => v.Id == versionId && v.Number > 1, ct);
        if (isCorrection && string.IsNullOrWhiteSpace(correctionNote))
        {
            return "公开更正版本时请填写更正说明。";
        }

        explanation = string.IsNullOrWhiteSpace(explanation) ? null : explanation.Trim();
        if (explanation?.Length > MaxExplanationLength)
        {
            return $"审核说明过长（上限 {MaxExplanationLength} 字）。";
        }

        // The explanation is kept (and audited) only when an error needed it.
        var explained = (string?)null;
        var error = await TransitionAsync(versionId, VersionStatus.Approved, VersionStatus.Published, isCorrection ? "公开更正版本" : "公开", correctionNote, v =>
        {
            v.PublishedAt = clock.GetUtcNow();
            v.CorrectionNote = isCorrection ? correctionNote!.Trim() : null;
            v.CheckExplanation = explained;
            v.Disclosure.CurrentVersionId = v.Id;
            if (explained is not null)
            {
                audit.Add("审核说明", v.DisclosureId, v.Id, detail: explained);
            }
        }, ct, async v =>
        {
            var blocking = await BlockingAsync(v.Id, ct);
            if (blocking > 0 && explanation is null)
            {
                return $"检查发现 {blocking} 项错误，不能直接公开。请退回部门改正，或填写审核说明（将与检查结果一并公开）后再公开。";
            }

            explained = blocking > 0 ? explanation : null;
            return null;
        });

        if (error is null)
        {
            await publication.PublishedAsync(ct);
        }

        return error;
    }

    /// <summary>A correction: a new draft (the next version number) copied from the published version.</summary>
    public async Task<(int? VersionId, string? Error)> StartCorrectionAsync(int disclosureId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // The disclosure row is locked so that two corrections started at once make one draft, not two.
        var disclosure = await db.Disclosures.FromSqlInterpolated($"SELECT * FROM disclosures WHERE id = {disclosureId} FOR UPDATE")
            .SingleOrDefaultAsync(ct);
        if (disclosure?.CurrentVersionId is not { } currentId)
        {
            return (null, "只有已公开的文件才能更正。");
        }

        var numbers = await db.Versions.Where(v => v.DisclosureId == disclosureId).Select(v => new { v.Number, v.Status }).ToListAsync(ct);
        if (numbers.Any(v => v.Status != VersionStatus.Published))
        {
            return (null, "已有一个尚未公开的更正版本，请在其上继续。");
        }

        var source = await documents.LoadVersionAsync(currentId, ct);
        var version = new DisclosureVersion
        {
            DisclosureId = disclosureId,
            Number = numbers.Max(v => v.Number) + 1,
            Status = VersionStatus.Draft,
            CreatedAt = clock.GetUtcNow(),
        };
        DisclosureMapper.FillVersion(version, source!.Document);
        db.Add(version);
        await db.SaveChangesAsync(ct);
        audit.Add("新建更正版本", disclosureId, version.Id, detail: $"第 {version.Number} 版，以第 {source.Number} 版为底稿");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (version.Id, null);
    }

    /// <summary>The 错误 findings of a version as stored now (read inside the caller's transaction).</summary>
    private async Task<int> BlockingAsync(int versionId, CancellationToken ct) =>
        await documents.LoadVersionAsync(versionId, ct) is { } version ? (await checks.RunAsync(version.Document, ct)).Blocking : 0;

    /// <param name="guard">Judged after the lock and the state check: a refusal (its message) or null to go on.</param>
    private async Task<string?> TransitionAsync(
        int versionId, VersionStatus from, VersionStatus to, string action, string? detail, Action<DisclosureVersion> apply, CancellationToken ct,
        Func<DisclosureVersion, Task<string?>>? guard = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.LockVersionAsync(versionId, ct);
        if (version is null)
        {
            return "版本不存在。";
        }

        if (version.Status != from)
        {
            return Refusal(from, version.Status, action);
        }

        if (guard is not null && await guard(version) is { } refusal)
        {
            return refusal;
        }

        // Tracked: the lock's row gets its disclosure attached (publishing sets the disclosure's current version).
        await db.Disclosures.SingleAsync(d => d.Id == version.DisclosureId, ct);
        version.Status = to;
        apply(version);
        audit.Add(action, version.DisclosureId, version.Id, detail: detail);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>
    /// Why a transition was refused. When the version moved on by one step from the state the page showed, someone else
    /// took that step in the meantime: say so, and what the version is now.
    /// </summary>
    private static string Refusal(VersionStatus expected, VersionStatus actual, string action)
    {
        var taken = Steps.Where(s => s.From == expected && s.To == actual).Select(s => s.Action).FirstOrDefault();
        return taken is null
            ? $"此版本状态为“{StatusLabel(actual)}”，不能{action}。"
            : $"该版本已被他人{taken}（现为“{StatusLabel(actual)}”），不能再{action}，请刷新后查看。";
    }
}
