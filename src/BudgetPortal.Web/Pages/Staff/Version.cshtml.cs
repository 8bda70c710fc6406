using BudgetPortal.Core.Checks;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>One version of a disclosure in the workspace: its tables, its checks and the lifecycle actions.</summary>
[Authorize]
public sealed class VersionModel(VersionWorkflow workflow, DocumentLoader documents, AccessControl access, DisclosureCheckService checks) : PageModel
{
    public DraftView Draft { get; private set; } = null!;
    public CheckReport Report { get; private set; } = new([]);

    /// <summary>The findings to act on (错误, 警告, 提示, 尾差), each linked to the grid row or section sentence it concerns.</summary>
    public IReadOnlyList<FindingLine> Problems { get; private set; } = [];

    /// <summary>What the reviewer typed as 审核说明, kept when publishing was refused.</summary>
    public string? Explanation { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanReview { get; private set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await ShowAsync(id, ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, bool confirm, CancellationToken ct) =>
        ActAsync(id, edit: true, () => workflow.SubmitAsync(id, confirm, ct), "已提交审核。", ct);

    public Task<IActionResult> OnPostApproveAsync(int id, DateOnly? approvedOn, CancellationToken ct) =>
        ActAsync(id, edit: false, () => workflow.ApproveAsync(id, approvedOn, ct), "已记录批复。", ct);

    public Task<IActionResult> OnPostReturnAsync(int id, string? reason, CancellationToken ct) =>
        ActAsync(id, edit: false, () => workflow.ReturnAsync(id, reason ?? "", ct), "已退回部门修改。", ct);

    public Task<IActionResult> OnPostPublishAsync(int id, string? correctionNote, string? explanation, CancellationToken ct)
    {
        Explanation = explanation;
        return ActAsync(id, edit: false, () => workflow.PublishAsync(id, correctionNote, explanation, ct), "已公开。", ct);
    }

    /// <summary>The check report of this version as CSV.</summary>
    public Task<IActionResult> OnGetChecksCsvAsync(int id, CancellationToken ct) => DownloadAsync(id, "csv", ct);

    /// <summary>The check report of this version as an Excel workbook.</summary>
    public Task<IActionResult> OnGetChecksXlsxAsync(int id, CancellationToken ct) => DownloadAsync(id, "xlsx", ct);

    private async Task<IActionResult> DownloadAsync(int id, string format, CancellationToken ct) =>
        await ShowAsync(id, ct) is PageResult
            ? CheckReportView.Download(format, ReportTitle, Problems, $"{Request.Scheme}://{Request.Host}", $"{Draft.Title}-第{Draft.Number}版-检查结果")
            : NotFound();

    private string ReportTitle => $"{Draft.Title}（第 {Draft.Number} 版，{VersionWorkflow.StatusLabel(Draft.Status)}）检查结果";


    public async Task<IActionResult> OnPostCorrectAsync(int id, CancellationToken ct)
    {
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null)
        {
            return NotFound();
        }

        if (!await access.CanEditAsync(draft.DepartmentId, ct))
        {
            return Forbid();
        }

        var (versionId, error) = await workflow.StartCorrectionAsync(draft.DisclosureId, ct);
        if (error is not null)
        {
            Error = error;
            return await ShowAsync(id, ct);
        }

        return RedirectToPage("Version", new { id = versionId });
    }

    private async Task<IActionResult> ActAsync(int id, bool edit, Func<Task<string?>> action, string done, CancellationToken ct)
    {
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null)
        {
            return NotFound();
        }

        var allowed = edit ? await access.CanEditAsync(draft.DepartmentId, ct) : await access.CanReviewAsync(draft.DepartmentId, ct);
        if (!allowed)
        {
            return Forbid();
        }

        Error = await action();
        Done = Error is null ? done : null;
        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(int id, CancellationToken ct)
    {
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null)
        {
            return NotFound();
        }

        if (!await access.CanReadAsync(draft.DepartmentId, ct))
        {
            return Forbid();
        }

        Draft = draft;
        CanEdit = draft.Status == VersionStatus.Draft && await access.CanEditAsync(draft.DepartmentId, ct);
        CanReview = await access.CanReviewAsync(draft.DepartmentId, ct);
        Report = await checks.RunAsync(draft.Document, ct);
        var readBase = draft.Status == VersionStatus.Published ? $"/disclosures/{draft.Slug}?version={draft.Number}" : $"/staff/versions/{id}/draft";
        Problems = CheckReportView.Lines(draft.Document, Report, await checks.RulesAsync(draft.Document, ct), readBase,
            draft.Status == VersionStatus.Published ? null : id);
        if (int.TryParse(Request.Query["imported"], out var imported))
        {
            Done = $"已导入工作簿，{imported} 处变化已保存并记入审计日志。";
        }

        return Page();
    }
}
