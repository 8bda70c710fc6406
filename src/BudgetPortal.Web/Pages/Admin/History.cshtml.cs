using BudgetPortal.Web.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Admin;

/// <summary>
/// Earlier years' published disclosures of a region, as a ZIP of disclosure JSON files: upload → preview of every file
/// (new, already there, or refused with the reasons) → confirm, which applies the whole ZIP in one transaction. The ZIP
/// travels back with the confirmation and is read and planned again then.
/// </summary>
[RequestSizeLimit(HistoryImport.MaxZipBytes * 2 + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = HistoryImport.MaxZipBytes * 2 + (1024 * 1024), ValueLengthLimit = (int)(HistoryImport.MaxZipBytes * 2))]
public sealed class HistoryModel(HistoryImport import) : PageModel
{
    public HistoryImport.Plan? Plan { get; private set; }
    public string? FileName { get; private set; }
    public string? FileContent { get; private set; }
    public bool Applied { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Error = "请选择要导入的 .zip 文件。";
            return Page();
        }

        if (file.Length > HistoryImport.MaxZipBytes)
        {
            Error = $"ZIP 文件超过 {HistoryImport.MaxZipBytes / 1024 / 1024} MB，没有读取。请分批导入。";
            return Page();
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(file.FileName);
        Plan = await import.PreviewAsync(buffer.ToArray(), ct);
        FileContent = Plan.Ok && Plan.Count(HistoryImport.Outcome.New) > 0 ? Convert.ToBase64String(buffer.ToArray()) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? fileName, string? content, CancellationToken ct)
    {
        if (PostedBack.Decode(fileName, content) is not { } bytes)
        {
            Error = PostedBack.Missing;
            return Page();
        }

        var name = Path.GetFileName(fileName!);
        FileName = name;
        Plan = await import.ApplyAsync(bytes, name, ct);
        Applied = Plan.Ok;
        return Page();
    }
}
