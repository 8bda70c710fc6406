using System.Security.Cryptography;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Workbooks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Workbooks;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>
/// The Excel round trip: download the draft as a workbook (filled, or with the amounts blank), fill it in Excel or
/// WPS, upload it; the changes are shown cell by cell and applied only when confirmed, in one transaction.
/// </summary>
[Authorize]
[RequestSizeLimit(WorkbookImporter.MaxBytes + (1024 * 1024))]
[FormReadGuard]
public sealed class ImportModel(
    DraftEditor drafts, DocumentLoader documents, AccessControl access, PortalDbContext db, TimeProvider clock, ImportGate gate,
    Microsoft.Extensions.Options.IOptions<ImportOptions> options) : PageModel
{
    /// <summary>The changes of one table: <see cref="Table"/> is its number and title, <see cref="Index"/> its position (1-based).</summary>
    public sealed record TableChanges(int Index, string Table, IReadOnlyList<CellChange> Changes);

    public DraftView Draft { get; private set; } = null!;
    public List<string> Errors { get; } = [];
    public List<TableChanges> Preview { get; private set; } = [];
    public Guid? PendingId { get; private set; }
    public string? FileName { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? refused, CancellationToken ct)
    {
        if (await AllowedAsync(id, ct) is { } denied)
        {
            return denied;
        }

        if (refused is not null)
        {
            Errors.Add(refused == "size" ? $"{WorkbookImporter.TooLarge}，没有读取。请删去多余的工作表或行后重新上传。" : "上传的内容无法读取，请重新选择文件上传。");
        }

        return Page();
    }

    /// <summary>The draft in the export layout; <c>blank=true</c> leaves every amount empty (fixed rows and codes kept).</summary>
    public async Task<IActionResult> OnGetWorkbookAsync(int id, bool blank, CancellationToken ct)
    {
        if (await AllowedAsync(id, ct, readOnly: true) is { } denied)
        {
            return denied;
        }

        var document = Draft.Document;
        if (blank)
        {
            document = document with { Tables = [.. document.Tables.Select(Blank)] };
        }

        var stream = new MemoryStream();
        ExcelExporter.WriteDisclosure(document, stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{Draft.Title}（第{Draft.Number}版{(blank ? "，空白" : "")}）.xlsx");

        static TableDocument Blank(TableDocument table)
        {
            var leaves = table.Leaves();
            return table with { Rows = [.. table.Rows.Select(r => r with { Cells = [.. r.Cells.Select((c, i) => i < leaves.Count && leaves[i].IsNumeric ? CellValue.Blank : c)] })] };
        }
    }

    public async Task<IActionResult> OnPostUploadAsync(int id, IFormFile? file, CancellationToken ct)
    {
        if (await AllowedAsync(id, ct) is { } denied)
        {
            return denied;
        }

        if (Errors.Count > 0)
        {
            // Not a draft: refused before anything is read or stored.
            return Page();
        }

        if (file is null || file.Length == 0)
        {
            Errors.Add("请选择要上传的 .xlsx 工作簿或 .json 公开文件。");
            return Page();
        }

        if (file.Length > WorkbookImporter.MaxBytes)
        {
            Errors.Add($"{WorkbookImporter.TooLarge}，没有读取。请删去多余的工作表或行后重新上传。");
            return Page();
        }

        WorkbookReading reading;
        IReadOnlyList<NarrativeSection> sections = [];
        string hash;
        using (var slot = await gate.TryEnterAsync(ct))
        {
            if (slot is null)
            {
                Errors.Add(ImportGate.Busy);
                return Page();
            }

            await using var upload = file.OpenReadStream();
            using var buffer = new MemoryStream((int)file.Length);
            await upload.CopyToAsync(buffer, ct);
            hash = Convert.ToHexString(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))).ToLowerInvariant();
            buffer.Position = 0;
            if (IsJson(file.FileName))
            {
                (reading, sections) = DisclosureJsonImporter.ReadDocument(Draft.Document, buffer.ToArray());
            }
            else
            {
                reading = WorkbookImporter.Read(Draft.Document, buffer);
            }
        }

        if (!reading.Ok)
        {
            Errors.AddRange(reading.Errors);
            return Page();
        }

        Preview = Changes(reading);
        List<CellChange> narrative = sections.Count == 0 ? [] : SectionChanges(Draft.Document.Sections, sections);
        if (narrative.Count > 0)
        {
            Preview.Add(new TableChanges(0, "文字说明", narrative));
        }
        else
        {
            sections = [];
        }

        if (Preview.Count == 0)
        {
            Message = IsJson(file.FileName) ? "文件中的表格与草稿完全一致，没有需要导入的变化。" : "工作簿与草稿完全一致，没有需要导入的变化。";
            return Page();
        }

        // One preview per person and draft: an earlier one is replaced, never accumulated.
        await db.PendingImports.Where(p => p.VersionId == id && p.UserId == access.UserId).ExecuteDeleteAsync(ct);
        var pending = new PendingImport
        {
            Id = Guid.NewGuid(),
            VersionId = id,
            UserId = access.UserId!,
            FileName = ShortName(Path.GetFileName(file.FileName)),
            FileHash = hash,
            TableIds = string.Join(",", Draft.TableIds),
            Tables = IsJson(file.FileName)
                ? System.Text.Json.JsonSerializer.Serialize(new PendingJson(new Dictionary<int, TableDocument>(reading.Tables), sections), DisclosureJson.Create(indented: false))
                : System.Text.Json.JsonSerializer.Serialize(reading.Tables, DisclosureJson.Create(indented: false)),
            CreatedAt = clock.GetUtcNow(),
        };
        db.PendingImports.Add(pending);
        await db.SaveChangesAsync(ct);
        PendingId = pending.Id;
        FileName = pending.FileName;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, Guid pendingId, CancellationToken ct)
    {
        if (await AllowedAsync(id, ct) is { } denied)
        {
            return denied;
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var pending = await db.PendingImports.SingleOrDefaultAsync(p => p.Id == pendingId && p.VersionId == id && p.UserId == access.UserId, ct);
        if (pending is null)
        {
            Errors.Add("没有待确认的导入，请重新上传。");
            return Page();
        }

        if (pending.CreatedAt < clock.GetUtcNow() - options.Value.PreviewLifetime)
        {
            db.PendingImports.Remove(pending);
            await db.SaveChangesAsync(ct);
            Errors.Add($"这次预览已超过 {options.Value.PreviewLifetimeMinutes} 分钟，已失效，草稿没有改动。请重新上传工作簿并核对变化。");
            return Page();
        }

        IReadOnlyDictionary<int, TableDocument> tables;
        IReadOnlyList<NarrativeSection>? sections = null;
        if (IsJson(pending.FileName))
        {
            var stored = System.Text.Json.JsonSerializer.Deserialize<PendingJson>(pending.Tables, DisclosureJson.Create(indented: false))!;
            (tables, sections) = (stored.Tables, stored.Sections);
        }
        else
        {
            tables = System.Text.Json.JsonSerializer.Deserialize<Dictionary<int, TableDocument>>(pending.Tables, DisclosureJson.Create(indented: false))!;
        }

        var (changes, error) = await drafts.ApplyImportAsync(
            id, tables, pending.TableIds, pending.FileName, pending.FileHash, ct, IsJson(pending.FileName) ? JsonAction : "导入工作簿", sections);
        db.PendingImports.Remove(pending);
        await db.SaveChangesAsync(ct);
        if (error is not null)
        {
            Errors.Add(error);
            return Page();
        }

        return RedirectToPage("Version", new { id, imported = changes.Count });
    }

    /// <summary>A previewed disclosure JSON: its tables by index and its narrative (empty: the draft's stays).</summary>
    public sealed record PendingJson(Dictionary<int, TableDocument> Tables, IReadOnlyList<NarrativeSection> Sections);

    /// <summary>One line per narrative section that the file changes (by position, as the 文字说明 page saves them).</summary>
    private static List<CellChange> SectionChanges(List<NarrativeSection> draft, IReadOnlyList<NarrativeSection> file) =>
        [.. Enumerable.Range(0, Math.Max(draft.Count, file.Count))
            .Select(i => (Old: i < draft.Count ? draft[i] : null, New: i < file.Count ? file[i] : null))
            .Where(p => p.Old is null || p.New is null || (p.Old.Key, p.Old.Title, p.Old.Body) != (p.New.Key, p.New.Title, p.New.Body))
            .Select(p => new CellChange($"文字说明 · {p.New?.Title ?? p.Old?.Title}", p.Old is null ? null : $"{p.Old.Title}\n{p.Old.Body}", p.New is null ? null : $"{p.New.Title}\n{p.New.Body}"))];

    /// <summary>The audit action of a disclosure JSON imported into a draft (a workbook's is 导入工作簿).</summary>
    public const string JsonAction = "导入公开文件JSON";

    /// <summary>A disclosure in the exchange format (the API's JSON) rather than a workbook: by the file's extension.</summary>
    public static bool IsJson(string? fileName) => Path.GetExtension(fileName ?? "").Equals(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The uploaded file's name as the audit log keeps it: at most 200 characters, the extension kept.</summary>
    private static string ShortName(string name)
    {
        var extension = Path.GetExtension(name) is { Length: <= 10 } e ? e : "";
        return name.Length <= 200 ? name : name[..(200 - extension.Length)] + extension;
    }

    private List<TableChanges> Changes(WorkbookReading reading) =>
        [.. reading.Tables.OrderBy(kv => kv.Key)
            .Select(kv => new TableChanges(kv.Key + 1, $"{kv.Value.Number} {kv.Value.Title}", TableDiff.Compare(Draft.Document.Tables[kv.Key], kv.Value)))
            .Where(t => t.Changes.Count > 0)];

    private async Task<IActionResult?> AllowedAsync(int id, CancellationToken ct, bool readOnly = false)
    {
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null)
        {
            return NotFound();
        }

        var allowed = readOnly ? await access.CanReadAsync(draft.DepartmentId, ct) : await access.CanEditAsync(draft.DepartmentId, ct);
        if (!allowed)
        {
            return Forbid();
        }

        Draft = draft;
        if (!readOnly && draft.Status != VersionStatus.Draft)
        {
            Errors.Add($"此版本状态为“{VersionWorkflow.StatusLabel(draft.Status)}”，不能导入。");
        }

        return null;
    }
}
