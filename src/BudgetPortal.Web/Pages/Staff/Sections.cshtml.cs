using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>The narrative sections of a draft (概况, 情况说明, 名词解释 …) in Markdown, with a sanitized preview.</summary>
[Authorize]
public sealed class SectionsModel(DraftEditor drafts, DocumentLoader documents, AccessControl access) : PageModel
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

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (draft, refusal) = await documents.LoadEditableAsync(access, this, id, ct);
        Draft = draft!;
        return refusal;
    }
}
