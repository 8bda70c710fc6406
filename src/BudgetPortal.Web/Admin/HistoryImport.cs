using System.IO.Compression;
using System.Security.Cryptography;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Data.Seeding;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Admin;

/// <summary>
/// A region's earlier published disclosures, brought in as a ZIP of disclosure JSON files (the API's format): each file
/// becomes a published version 1 with the 批复 and publication dates it states (never the day of the import). The
/// preview lists every file with what will happen to it; one refused file refuses the whole ZIP; the application plans
/// again under the organisation lock and stores everything in one transaction, so that a second upload of the same ZIP —
/// also at the same moment — finds every file already there and stores nothing twice.
/// </summary>
public sealed class HistoryImport(PortalDbContext db, DisclosureImporter importer, DocumentLoader documents, AuditLog audit,
    BudgetPortal.Web.Hosting.PublicationEvents events)
{
    public const long MaxZipBytes = 20 * 1024 * 1024;
    public const long MaxEntryBytes = 10 * 1024 * 1024;
    public const int MaxEntries = 500;

    public const string Imported = "导入历史公开文件";
    public const string Summary = "批量导入历史公开文件";

    public enum Outcome
    {
        /// <summary>Will be stored (or was).</summary>
        New,

        /// <summary>Already on the portal with the same content: left alone.</summary>
        Present,

        /// <summary>Refused (the reasons name the file); the whole ZIP is then refused.</summary>
        Refused,
    }

    public sealed record Entry(string Name, string Hash, DisclosureDocument? Document, Outcome Outcome, IReadOnlyList<string> Problems)
    {
        public string Dates => Document is null ? "" :
            $"公开日期 {(Document.PublishedAt is { } p ? p.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "未载明")}，" +
            $"批复日期 {(Document.ApprovedOn is { } a ? a.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "未载明")}";
    }

    public sealed record Plan(IReadOnlyList<Entry> Entries, IReadOnlyList<string> Problems)
    {
        public bool Ok => Problems.Count == 0 && Entries.All(e => e.Outcome != Outcome.Refused);
        public int Count(Outcome outcome) => Entries.Count(e => e.Outcome == outcome);
        public string Describe() => $"新导入 {Count(Outcome.New)} 份，已存在（内容相同）{Count(Outcome.Present)} 份，拒绝 {Count(Outcome.Refused)} 份";
    }

    /// <summary>What the ZIP would do; nothing is written.</summary>
    public async Task<Plan> PreviewAsync(byte[] zip, CancellationToken ct)
    {
        var plan = await BuildAsync(Read(zip), ct);
        db.ChangeTracker.Clear();
        return plan;
    }

    /// <summary>Plans again under the organisation lock and stores every new file in one transaction, audited.</summary>
    public async Task<Plan> ApplyAsync(byte[] zip, string fileName, CancellationToken ct)
    {
        var files = Read(zip);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync(Organisation.LockKey.Organisation, ct);
        var plan = await BuildAsync(files, ct);
        if (!plan.Ok)
        {
            db.ChangeTracker.Clear();
            return plan;
        }

        var zipHash = Convert.ToHexStringLower(SHA256.HashData(zip));
        var current = "";
        try
        {
            foreach (var entry in plan.Entries.Where(e => e.Outcome == Outcome.New))
            {
                current = entry.Name;
                var disclosure = await importer.StoreAsync(entry.Document!, ct);
                audit.Add(Imported, disclosure.Id, disclosure.CurrentVersionId, entry.Document!.Slug, newValue: entry.Document.Title, detail: entry.Dates,
                    fileName: $"{fileName}/{entry.Name}", fileHash: entry.Hash);
            }

            current = "";
            audit.Add(Summary, detail: plan.Describe(), fileName: fileName, fileHash: zipHash);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // What the checks above do not foresee (a name longer than its column …): nothing of the ZIP is kept.
            db.ChangeTracker.Clear();
            var reason = ex.InnerException is Npgsql.PostgresException pg ? pg.MessageText : ex.InnerException?.Message ?? ex.Message;
            return plan with { Problems = [$"{(current.Length > 0 ? current + "：" : "")}数据库拒绝保存（{reason}），整个 ZIP 未导入。"] };
        }

        await events.PublishedAsync(ct);
        return plan;
    }

    private sealed record File(string Name, byte[]? Content, string? Problem);

    /// <summary>The JSON files of the ZIP (folders ignored); a ZIP that cannot be read is one problem without a file.</summary>
    private static List<File> Read(byte[] zip)
    {
        var files = new List<File>();
        if (zip.Length > MaxZipBytes)
        {
            files.Add(new File("", null, $"ZIP 文件超过 {MaxZipBytes / 1024 / 1024} MB，没有读取。"));
            return files;
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var item in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                if (files.Count >= MaxEntries)
                {
                    files.Add(new File(item.FullName, null, $"ZIP 中的文件超过 {MaxEntries} 个，请分批导入。"));
                    break;
                }

                if (!item.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    files.Add(new File(item.FullName, null, "不是 .json 文件。"));
                    continue;
                }

                if (item.Length > MaxEntryBytes)
                {
                    files.Add(new File(item.FullName, null, $"解压后超过 {MaxEntryBytes / 1024 / 1024} MB。"));
                    continue;
                }

                using var stream = item.Open();
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                for (int n; (n = stream.Read(chunk)) > 0;)
                {
                    buffer.Write(chunk, 0, n);
                    if (buffer.Length > MaxEntryBytes)
                    {
                        break;
                    }
                }

                files.Add(buffer.Length > MaxEntryBytes
                    ? new File(item.FullName, null, $"解压后超过 {MaxEntryBytes / 1024 / 1024} MB。")
                    : new File(item.FullName, buffer.ToArray(), null));
            }
        }
        catch (InvalidDataException)
        {
            files.Add(new File("", null, "文件不是有效的 ZIP 压缩包。"));
        }

        return files;
    }

    private async Task<Plan> BuildAsync(List<File> files, CancellationToken ct)
    {
        var problems = files.Where(f => f.Name == "" && f.Problem is not null).Select(f => f.Problem!).ToList();
        if (problems.Count == 0 && files.Count == 0)
        {
            problems.Add("ZIP 中没有 .json 文件。");
        }

        var entries = new List<Entry>();
        var seen = new Dictionary<string, string>();
        foreach (var file in files.Where(f => f.Name != ""))
        {
            var hash = file.Content is null ? "" : Convert.ToHexStringLower(SHA256.HashData(file.Content));
            if (file.Problem is not null)
            {
                entries.Add(new Entry(file.Name, hash, null, Outcome.Refused, [file.Problem]));
                continue;
            }

            DisclosureDocument document;
            try
            {
                document = DisclosureJson.Parse(new System.Text.UTF8Encoding(false, true).GetString(file.Content!).TrimStart('\uFEFF'), file.Name);
            }
            catch (DisclosureFormatException ex)
            {
                entries.Add(new Entry(file.Name, hash, null, Outcome.Refused, ex.Errors));
                continue;
            }
            catch (System.Text.DecoderFallbackException)
            {
                entries.Add(new Entry(file.Name, hash, null, Outcome.Refused, ["文件不是 UTF-8 编码的 JSON 文本。"]));
                continue;
            }

            // The portal's own fields of an exported file are not part of the document that is stored.
            document = document with { Id = null, Status = null, Version = null, Links = null };
            var identity = $"{string.Join("/", document.Region)}/{document.Department.Name}/{document.Year}/{document.Kind}";
            if (seen.TryGetValue(document.Slug, out var earlier) || seen.TryGetValue(identity, out earlier))
            {
                entries.Add(new Entry(file.Name, hash, document, Outcome.Refused, [$"与 ZIP 中的“{earlier}”是同一份公开文件（{document.Slug}）。"]));
                continue;
            }

            seen[document.Slug] = file.Name;
            seen[identity] = file.Name;
            var (outcome, problem) = await CompareAsync(document, ct);
            entries.Add(new Entry(file.Name, hash, document, outcome, problem is null ? [] : [problem]));
        }

        return new Plan(entries, problems);
    }

    /// <summary>Whether the portal already holds this disclosure: by its slug and by department, year and kind.</summary>
    private async Task<(Outcome, string?)> CompareAsync(DisclosureDocument document, CancellationToken ct)
    {
        var departmentId = await DepartmentIdAsync(document, ct);
        var kind = DisclosureMapper.ParseKind(document.Kind);
        var existing = await db.Disclosures.AsNoTracking()
            .Where(d => d.Slug == document.Slug || (departmentId != null && d.DepartmentId == departmentId && d.Year == document.Year && d.Kind == kind))
            .Select(d => new { d.Slug, d.DepartmentId, d.Year, d.Kind, d.CurrentVersionId })
            .ToListAsync(ct);
        if (existing.Count == 0)
        {
            return (Outcome.New, null);
        }

        var same = existing.FirstOrDefault(d => d.DepartmentId == departmentId && d.Year == document.Year && d.Kind == kind);
        if (same is null)
        {
            return (Outcome.Refused, $"网址“{document.Slug}”已被另一份公开文件使用。");
        }

        if (same.CurrentVersionId is not { } versionId || await documents.LoadVersionAsync(versionId, ct) is not { } stored)
        {
            return (Outcome.Refused, $"平台上已有这个部门 {document.Year} 年度的{DisclosureKinds.ToChinese(document.Kind)}（{same.Slug}），尚未公开。");
        }

        return SameContent(stored.Document, document)
            ? (Outcome.Present, null)
            : (Outcome.Refused, $"平台上已有这个部门 {document.Year} 年度的{DisclosureKinds.ToChinese(document.Kind)}（{same.Slug}），内容与文件不同；如需更正，请由填报人员发起更正版本。");
    }

    private async Task<int?> DepartmentIdAsync(DisclosureDocument document, CancellationToken ct)
    {
        int? parentId = null;
        foreach (var name in document.Region)
        {
            var id = await db.Regions.Where(r => r.Name == name && r.ParentId == parentId).Select(r => (int?)r.Id).SingleOrDefaultAsync(ct);
            if (id is null)
            {
                return null;
            }

            parentId = id;
        }

        return await db.Departments.Where(d => d.RegionId == parentId && d.Name == document.Department.Name).Select(d => (int?)d.Id).SingleOrDefaultAsync(ct);
    }

    /// <summary>Same title, narrative and tables (every cell, unit and note) as stored: a re-upload of the same file.</summary>
    private static bool SameContent(DisclosureDocument stored, DisclosureDocument file) =>
        stored.Title == file.Title
        && stored.Sections.Select(s => (s.Key, s.Title, s.Body)).SequenceEqual(file.Sections.Select(s => (s.Key, s.Title, s.Body)))
        && stored.Tables.Count == file.Tables.Count
        && stored.Tables.Zip(file.Tables).All(p => p.First.Number == p.Second.Number && TableDiff.Compare(p.First, p.Second).Count == 0);
}
