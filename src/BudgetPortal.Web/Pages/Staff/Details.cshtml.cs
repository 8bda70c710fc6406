using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>A draft's title and address (until first publication) and each table's empty-table note and footnotes.</summary>
[Authorize]
public sealed class DetailsModel(DocumentLoader documents, DraftDetails details, AccessControl access) : PageModel
{
    public sealed record TableInput
    {
        public string? EmptyNote { get; init; }

        /// <summary>One footnote a line.</summary>
        public string? Footnotes { get; init; }
    }

    public DraftView Draft { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    [BindProperty]
    public List<TableInput> Tables { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        var notes = Tables.Take(Draft.Document.Tables.Count).Select((t, i) => new DraftDetails.TableNotes(i, t.EmptyNote,
            (t.Footnotes ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))).ToList();
        var (changed, error) = await details.SaveAsync(id, Title, Slug, notes, ct);
        if (error is not null)
        {
            Error = error;
            return Page();
        }

        Message = changed == 0 ? "没有需要保存的修改。" : $"已保存 {changed} 处修改，已记入审计日志。";
        Draft = (await documents.LoadVersionAsync(id, ct))!;
        Fill();
        return Page();
    }

    private void Fill()
    {
        Title = Draft.Title;
        Slug = Draft.Slug;
        Tables = [.. Draft.Document.Tables.Select(t => new TableInput { EmptyNote = t.EmptyNote, Footnotes = string.Join("\n", t.Footnotes ?? []) })];
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (draft, refusal) = await documents.LoadEditableAsync(access, this, id, ct);
        Draft = draft!;
        return refusal;
    }
}
