using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>The narrative sections of a draft (概况, 情况说明, 名词解释 …) in Markdown, with a sanitized preview.</summary>
[Authorize]
public sealed class SectionsModel(DraftEditor drafts, DocumentLoader documents, AccessControl access, DisclosureCheckService checks) : PageModel
{
    public sealed record SectionInput
    {
        public string Key { get; init; } = "other";
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public bool Remove { get; init; }
    }

    /// <summary>The section kinds of the exchange format; the kind decides e.g. which sections the narrative checks read.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Kinds =
    [
        ("overview", "部门概况"), ("explanation", "情况说明"), ("glossary", "名词解释"), ("performance", "绩效情况"),
        ("management", "公开管理文件"), ("other", "其他"),
    ];

    public DraftView Draft { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    /// <summary>Set when a drafted 情况说明 would replace text that staff wrote: the page asks before replacing it.</summary>
    public bool ConfirmReplace { get; private set; }

    [BindProperty]
    public List<SectionInput> Sections { get; set; } = [];

    /// <summary>The section (1-based) and sentence a check finding points at (<c>?section=&amp;sentence=</c>), highlighted.</summary>
    public (int? Section, string? Sentence) Highlight { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? section, string? sentence, CancellationToken ct)
    {
        if (await documents.ReadOnlyRedirectAsync(access, id, section is { } s ? $"#s{s}" : "", ct) is { } readOnly)
        {
            return readOnly;
        }

        Highlight = (section, sentence);
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        Sections = [.. Draft.Document.Sections.Select(x => new SectionInput { Key = x.Key, Title = x.Title, Body = x.Body })];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string? add, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        var kept = Sections.Where(x => !x.Remove).ToList();
        if (kept.FirstOrDefault(x => !Kinds.Any(k => k.Key == x.Key)) is { } unknown)
        {
            Error = $"“{unknown.Title}”的类别无效。";
            return Page();
        }

        if (kept.FirstOrDefault(x => string.IsNullOrWhiteSpace(x.Title)) is not null)
        {
            Error = "每个部分都需要标题。";
            return Page();
        }

        var (changed, error) = await drafts.SaveSectionsAsync(id, [.. kept.Select(x => new NarrativeSection { Key = x.Key, Title = x.Title.Trim(), Body = x.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() })], ct);
        if (error is not null)
        {
            Error = error;
            return Page();
        }

        Sections = kept;
        if (add is not null)
        {
            Sections.Add(new SectionInput { Key = "other", Title = "新的部分" });
        }

        Message = changed == 0 ? "没有需要保存的修改。" : $"已保存，{changed} 个部分有修改，已记入审计日志。";
        return Page();
    }

    /// <summary>
    /// 起草情况说明: drafts the 情况说明 from the draft's tables (and the previous year's published disclosure of the same
    /// kind, when held, for the changes) and saves it as the 情况说明 section. Text already written there is replaced
    /// only when confirmed (<paramref name="confirm"/>); the other sections, as posted, are kept.
    /// </summary>
    public async Task<IActionResult> OnPostDraftAsync(int id, bool confirm, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } denied)
        {
            return denied;
        }

        var posted = Sections.Count > 0 ? Sections.Where(x => !x.Remove).ToList()
            : [.. Draft.Document.Sections.Select(x => new SectionInput { Key = x.Key, Title = x.Title, Body = x.Body })];
        var existing = posted.FindIndex(x => x.Key == NarrativeDrafter.SectionKey);
        if (existing >= 0 && !string.IsNullOrWhiteSpace(posted[existing].Body) && !confirm)
        {
            Sections = posted;
            ConfirmReplace = true;
            Message = $"“{posted[existing].Title}”已有内容。起草将用根据表格生成的文字替换它，原有文字不会保留。确认替换吗？";
            return Page();
        }

        var previous = await checks.PreviousYearAsync(Draft.Slug, ct);
        var budget = Draft.Document.Kind == DisclosureKinds.Final ? await checks.SameYearBudgetAsync(Draft.Slug, ct) : null;
        var drafted = NarrativeDrafter.Draft(Draft.Document, previous, budget);
        var input = new SectionInput { Key = drafted.Key, Title = existing >= 0 ? posted[existing].Title : drafted.Title, Body = drafted.Body };
        if (existing >= 0)
        {
            posted[existing] = input;
        }
        else
        {
            posted.Add(input);
        }

        if (posted.FirstOrDefault(x => !Kinds.Any(k => k.Key == x.Key) || string.IsNullOrWhiteSpace(x.Title)) is { } bad)
        {
            Sections = posted;
            Error = $"“{bad.Title}”的类别或标题无效，未起草。";
            return Page();
        }

        var (_, error) = await drafts.SaveSectionsAsync(id, [.. posted.Select(x => new NarrativeSection { Key = x.Key, Title = x.Title.Trim(), Body = x.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() })], ct);
        if (error is not null)
        {
            Sections = posted;
            Error = error;
            return Page();
        }

        Sections = posted;
        Message = "已根据表格起草情况说明并保存（已记入审计日志）。请填写“……”处的原因和空白的数字（个数、人次、辆等），勾稽检查会标出尚未填写的位置。";
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (draft, refusal) = await documents.LoadEditableAsync(access, this, id, ct);
        Draft = draft!;
        return refusal;
    }
}
