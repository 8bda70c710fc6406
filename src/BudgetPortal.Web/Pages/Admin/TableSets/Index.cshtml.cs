using System.Text;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Admin.TableSets;

/// <summary>
/// Table-set administration: upload a set file, see its errors (in Chinese, naming the table and the field) or its
/// preview (tables, columns, rules, a blank workbook), and activate it. Activation stores it as the next version of its
/// code, used at once by new drafts on every instance (sets are read from the database on use); disclosures keep the
/// version they were made from.
/// </summary>
[Authorize(Roles = PortalRoles.Administrator)]
[RequestSizeLimit(MaxBytes + 64 * 1024)]
public sealed class IndexModel(PortalDbContext db, TableSetStore store, AuditLog audit) : PageModel
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public sealed record VersionRow(string Code, int Version, string Name, DisclosureKind Kind, string? Region, int Tables, int Disclosures, string? Source, DateTimeOffset LoadedAt, bool Latest);

    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public TableSetDefinition? Preview { get; private set; }

    /// <summary>The uploaded file, carried from the preview to the activation (base64 of its UTF-8 text).</summary>
    [BindProperty]
    public string? Uploaded { get; set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ListAsync(ct);

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        var text = await ReadAsync(file, ct);
        if (text is not null)
        {
            Preview = Parse(text, file!.FileName);
            Uploaded = Preview is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        }

        await ListAsync(ct);
        return Page();
    }

    public IActionResult OnPostWorkbook()
    {
        var set = Uploaded is null ? null : Parse(Decode(Uploaded), "上传的表套");
        if (set is null)
        {
            return BadRequest();
        }

        var stream = new MemoryStream();
        ExcelExporter.WriteDisclosure(BlankDocument(set), stream);
        stream.Position = 0;
        return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{set.Name}（空白）.xlsx");
    }

    public async Task<IActionResult> OnPostActivateAsync(CancellationToken ct)
    {
        var set = Uploaded is null ? null : Parse(Decode(Uploaded), "上传的表套");
        if (set is not null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var added = await store.SaveAsync(set, "管理员上传", ct);
            var version = await db.TableSets.Where(s => s.Code == set.Code).MaxAsync(s => s.Version, ct);
            if (added)
            {
                audit.Add("启用表套", detail: $"{set.Code} 第 {version} 版：{set.Name}（{set.Tables.Count} 张表，{set.Rules.Count} 条规则）");
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            Message = added ? $"已启用表套 {set.Code} 第 {version} 版，新建草稿即使用此版本。" : $"表套 {set.Code} 与现行第 {version} 版相同，未作更改。";
            Uploaded = null;
        }

        await ListAsync(ct);
        return Page();
    }

    private static string Decode(string content)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(content));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private async Task<string?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Errors = ["请选择一个表套文件（JSON）。"];
            return null;
        }

        if (file.Length > MaxBytes)
        {
            Errors = [$"文件“{file.FileName}”超过 {MaxBytes / 1024 / 1024} MB，未读取。"];
            return null;
        }

        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private TableSetDefinition? Parse(string text, string source)
    {
        try
        {
            return TableSetJson.Parse(text, source);
        }
        catch (DisclosureFormatException ex)
        {
            Errors = ex.Errors;
            return null;
        }
    }

    /// <summary>A disclosure with the set's tables and fixed rows and nothing else: what staff fill in.</summary>
    public static DisclosureDocument BlankDocument(TableSetDefinition set) => new()
    {
        Slug = set.Code,
        Title = set.Name,
        Kind = set.Kind,
        TableSet = set.Code,
        Tables = [.. set.Tables.Select(t => t.BlankTable())],
    };

    private async Task ListAsync(CancellationToken ct) =>
        Versions = await db.TableSets.AsNoTracking().OrderBy(s => s.Code).ThenByDescending(s => s.Version)
            .Select(s => new VersionRow(s.Code, s.Version, s.Name, s.Kind, s.Region, s.Tables.Count, db.Disclosures.Count(d => d.TableSetId == s.Id), s.Source, s.LoadedAt,
                !db.TableSets.Any(n => n.Code == s.Code && n.Version > s.Version)))
            .ToListAsync(ct);
}
