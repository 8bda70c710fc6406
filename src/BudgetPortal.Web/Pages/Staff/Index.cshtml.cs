using System.ComponentModel.DataAnnotations;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>The workspace: the disclosures in the user's scope with their versions, and new drafts.</summary>
[Authorize]
public sealed class IndexModel(PortalDbContext db, AccessControl access, DraftEditor drafts) : PageModel
{
    public sealed record VersionItem(int Id, int Number, VersionStatus Status, DateOnly? ApprovedOn, DateTimeOffset? PublishedAt, string? ReturnReason);

    public sealed record DisclosureItem(int Id, string Slug, string Title, string Department, int Year, DisclosureKind Kind, int? CurrentVersionId, List<VersionItem> Versions);

    public sealed record DepartmentOption(int Id, string Name);

    public sealed record NewDraftInput
    {
        [Required(ErrorMessage = "请选择部门。")]
        public int? DepartmentId { get; init; }

        [Required(ErrorMessage = "请填写年度。")]
        [Range(2000, 2100, ErrorMessage = "年度应在 2000 至 2100 之间。")]
        public int? Year { get; init; }

        public DisclosureKind Kind { get; init; } = DisclosureKind.Budget;

        [Required(ErrorMessage = "请选择表套。")]
        public string? TableSet { get; init; }

        /// <summary>Start from the department's previous disclosure of the same kind: its rows and codes, figures blank.</summary>
        public bool FromPrevious { get; init; }

        /// <summary>With <see cref="FromPrevious"/>: its narrative sections too, to be rewritten for the new year.</summary>
        public bool WithSections { get; init; }

        /// <summary>With <see cref="FromPrevious"/>: last year's figures in the columns the set declares as 上年数.</summary>
        public bool WithPriorYear { get; init; }
    }

    public const int PageSize = 50;

    /// <summary>The TempData key of the note the version page shows after a draft started from the previous year.</summary>
    public const string StartedMessage = "DraftStarted";

    /// <summary>Versions on their way (草稿, 已提交, 已审核): all of them, whatever the filters, so nothing waits unseen.</summary>
    public List<(DisclosureItem Disclosure, VersionItem Version)> InProgress { get; private set; } = [];

    /// <summary>One page of the disclosures in scope that match the filters, each with all its versions.</summary>
    public List<DisclosureItem> Disclosures { get; private set; } = [];

    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Filter { get; set; }

    [BindProperty(SupportsGet = true, Name = "year")]
    public int? FilterYear { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<DepartmentOption> EditableDepartments { get; private set; } = [];
    public List<(string Code, string Name, string Kind)> TableSets { get; private set; } = [];
    public List<string> Roles { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty]
    public NewDraftInput Draft { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        if (!await access.CanEditAsync(Draft.DepartmentId!.Value, ct))
        {
            return Forbid();
        }

        var start = new DraftStart(Draft.FromPrevious, Draft.FromPrevious && Draft.WithSections, Draft.FromPrevious && Draft.WithPriorYear);
        var created = await drafts.CreateAsync(Draft.DepartmentId.Value, Draft.Year!.Value, Draft.Kind, Draft.TableSet!, start, ct);
        if (created.Error is not null)
        {
            Error = created.Error;
            await LoadAsync(ct);
            return Page();
        }

        if (Draft.FromPrevious)
        {
            TempData[StartedMessage] = created.From is null
                ? "没有找到该部门往年已公开的同类文件，已按表套新建空白草稿。"
                : $"已从{created.From}复制各表的行和科目编码{(start.Sections ? "及文字说明" : "")}，{(start.PriorYearFigures ? "表套规定的上年数列已填入上年公开数，其余金额" : "金额均")}留空待填。";
        }

        return RedirectToPage("Version", new { id = created.VersionId });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Roles = [.. PortalRoles.All.Where(User.IsInRole).Select(PortalRoles.ToChinese)];
        var scope = await access.ScopedDepartmentIdsAsync(ct);
        var inScope = db.Disclosures.AsNoTracking().Where(d => scope.Contains(d.DepartmentId));
        InProgress = (await inScope
                .SelectMany(d => d.Versions.Where(v => v.Status != VersionStatus.Published), (d, v) => new
                {
                    Disclosure = new DisclosureItem(d.Id, d.Slug, d.Title, d.Department.Name, d.Year, d.Kind, d.CurrentVersionId, new List<VersionItem>()),
                    Version = new VersionItem(v.Id, v.Number, v.Status, v.ApprovedOn, v.PublishedAt, v.ReturnReason),
                })
                .ToListAsync(ct))
            .OrderBy(x => x.Version.Status switch { VersionStatus.Approved => 0, VersionStatus.Submitted => 1, _ => 2 })
            .ThenBy(x => x.Disclosure.Department, StringComparer.Ordinal)
            .ThenByDescending(x => x.Disclosure.Year)
            .Select(x => (x.Disclosure, x.Version))
            .ToList();

        var filtered = inScope;
        if (FilterYear is { } year)
        {
            filtered = filtered.Where(d => d.Year == year);
        }

        if (!string.IsNullOrWhiteSpace(Filter))
        {
            var fragment = Filter.Trim();
            filtered = filtered.Where(d => d.Department.Name.Contains(fragment) || d.Title.Contains(fragment));
        }

        Total = await filtered.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Disclosures = await filtered
            .OrderBy(d => d.Department.Name).ThenByDescending(d => d.Year).ThenBy(d => d.Kind)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new DisclosureItem(d.Id, d.Slug, d.Title, d.Department.Name, d.Year, d.Kind, d.CurrentVersionId,
                d.Versions.OrderByDescending(v => v.Number)
                    .Select(v => new VersionItem(v.Id, v.Number, v.Status, v.ApprovedOn, v.PublishedAt, v.ReturnReason)).ToList()))
            .ToListAsync(ct);
        if (access.IsStaff)
        {
            EditableDepartments = await db.Departments.AsNoTracking().Where(d => scope.Contains(d.Id)).OrderBy(d => d.Name)
                .Select(d => new DepartmentOption(d.Id, d.Name)).ToListAsync(ct);
            TableSets = (await db.TableSets.AsNoTracking().Where(s => !db.TableSets.Any(n => n.Code == s.Code && n.Version > s.Version)).OrderBy(s => s.Name).Select(s => new { s.Code, s.Name, s.Kind }).ToListAsync(ct))
                .Select(s => (s.Code, s.Name, DisclosureMapper.KindCode(s.Kind))).ToList();
        }
    }
}
