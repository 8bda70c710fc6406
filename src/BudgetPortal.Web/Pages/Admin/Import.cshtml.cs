using System.Security.Cryptography;
using BudgetPortal.Core.Workbooks;
using BudgetPortal.Web.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>
/// Bulk import of an organisation tree: upload → preview of what will be created and changed (or every bad row with its
/// row number and column) → confirm, which applies everything in one transaction. The file travels back with the
/// confirmation (it is small), and is read and planned again then, so the preview can never apply stale decisions.
/// </summary>
[RequestSizeLimit(4 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 4 * 1024 * 1024, ValueLengthLimit = 4 * 1024 * 1024)]
public sealed class ImportModel(OrganisationImport import) : PageModel
{
    public OrganisationImport.Plan? Plan { get; private set; }
    public IReadOnlyList<OrganisationProblem> Problems { get; private set; } = [];
    public string? FileName { get; private set; }
    public string? FileContent { get; private set; }
    public int Rows { get; private set; }
    public bool Applied { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnGetTemplate()
    {
        var stream = new MemoryStream();
        OrganisationSheet.WriteTemplate(stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "组织机构导入模板.xlsx");
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Problems = [new OrganisationProblem(0, "", "请选择要导入的 .xlsx 或 .csv 文件。")];
            return Page();
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(file.FileName);
        FileContent = Convert.ToBase64String(buffer.ToArray());
        await ReadAsync(buffer.ToArray(), apply: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? fileName, string? content, CancellationToken ct)
    {
        if (PostedBack.Decode(fileName, content) is not { } bytes)
        {
            Problems = [new OrganisationProblem(0, "", PostedBack.Missing)];
            return Page();
        }

        FileName = Path.GetFileName(fileName);
        await ReadAsync(bytes, apply: true, ct);
        if (!Applied)
        {
            FileContent = content;
        }

        return Page();
    }

    private async Task ReadAsync(byte[] bytes, bool apply, CancellationToken ct)
    {
        var reading = OrganisationSheet.Read(new MemoryStream(bytes), FileName!);
        Rows = reading.Rows.Count;
        if (!reading.Ok)
        {
            Problems = reading.Problems;
            FileContent = null;
            return;
        }

        Plan = apply
            ? await import.ApplyAsync(reading.Rows, FileName!, Convert.ToHexStringLower(SHA256.HashData(bytes)), ct)
            : await import.PreviewAsync(reading.Rows, ct);
        Problems = Plan.Problems;
        Applied = apply && Plan.Ok;
        if (!Plan.Ok)
        {
            FileContent = null;
        }
    }
}
