using System.Text.Json;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Admin.CodeLists;

/// <summary>
/// Code-list administration: the editions in force (shipped and uploaded) and the upload of a region's or a year's
/// edition from a workbook or CSV. Stored in the database, so every instance uses it at its next check.
/// </summary>
[Authorize(Roles = PortalRoles.Administrator)]
[RequestSizeLimit(MaxBytes + 64 * 1024)]
public sealed class IndexModel(PortalDbContext db, CodeListCatalog catalog, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public sealed record UploadInput
    {
        public string ListCode { get; init; } = "functional";
        public string? Edition { get; init; }
        public int? Year { get; init; }
        public string? Region { get; init; }
        public bool Complete { get; init; }
    }

    [BindProperty]
    public UploadInput Input { get; set; } = new();

    public IReadOnlyList<CodeList> Editions { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Editions = (await catalog.CurrentAsync(db, ct)).Book.Lists;

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        Errors = await UploadAsync(file, ct);
        Editions = (await catalog.CurrentAsync(db, ct)).Book.Lists;
        return Page();
    }

    private async Task<List<string>> UploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (!CodeListCatalog.ListPrefixes.TryGetValue(Input.ListCode, out var prefix))
        {
            return ["请选择编码表：支出功能分类、部门预算支出经济分类或政府预算支出经济分类。"];
        }

        if (string.IsNullOrWhiteSpace(Input.Edition))
        {
            return ["请填写版本名称（如“2025 年全国”）。"];
        }

        if (Input.Year is < 2000 or > 2100)
        {
            return [$"年度“{Input.Year}”无效。"];
        }

        if (file is null || file.Length == 0 || file.Length > MaxBytes)
        {
            return [file is null || file.Length == 0 ? "请选择编码表文件（.xlsx 或 .csv）。" : $"文件“{file.FileName}”超过 {MaxBytes / 1024 / 1024} MB，未读取。"];
        }

        await using var stream = new MemoryStream();
        await file.CopyToAsync(stream, ct);
        stream.Position = 0;
        var (entries, errors) = CodeListUpload.Read(stream, file.FileName, prefix);
        if (errors.Count > 0)
        {
            return errors;
        }

        var edition = new CodeListEdition
        {
            ListCode = Input.ListCode,
            Edition = Input.Edition.Trim(),
            Year = Input.Year,
            Region = string.IsNullOrWhiteSpace(Input.Region) ? null : Input.Region.Trim(),
            Complete = Input.Complete,
            EntriesJson = JsonSerializer.Serialize(entries, DisclosureJson.Options),
            Source = file.FileName,
            UploadedAt = clock.GetUtcNow(),
        };
        db.CodeListEditions.Add(edition);
        var list = CodeListCatalog.ToList(edition);
        audit.Add("上传编码表", detail: $"{list.Label}，{entries.Count} 个科目{(edition.Year is { } y ? $"，{y} 年度" : "")}{(edition.Region is { } r ? $"，{r}" : "")}", fileName: file.FileName);
        await db.SaveChangesAsync(ct);
        Message = $"已保存{list.Label}，共 {entries.Count} 个科目。";
        return [];
    }
}
