using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Staff;

/// <summary>A version being worked on, with what the pages need around it.</summary>
public sealed record DraftView(
    int VersionId, int DisclosureId, int DepartmentId, string DepartmentName, string Slug, string Title, int Year, string Kind,
    int Number, VersionStatus Status, DateOnly? ApprovedOn, string? ReturnReason, string? CorrectionNote, bool IsCorrection,
    DisclosureDocument Document, IReadOnlyList<int> TableIds);

/// <summary>The outcome of saving one table: the cells that changed, or why nothing was saved.</summary>
public sealed record SaveResult(bool Saved, string? Error, IReadOnlyList<CellChange> Changes, int? NewTableId);

public sealed record CellChange(string Location, string? Old, string? New);

/// <summary>
/// Drafts and their lifecycle: 草稿 → 已提交 → 已批复 (批复日期) → 已公开; a reviewer may return a submission with a
/// reason (back to 草稿). Publishing freezes the version; a correction starts a new draft from the published version
/// and needs a 更正说明 to be published as the next version. Every change is written to the audit log in the same
/// transaction as the change itself.
/// </summary>
public sealed class DraftStore(PortalDbContext db, TableSetStore tableSets, AuditLog audit, PublicationEvents publication, TimeProvider clock)
{
    public static string StatusLabel(VersionStatus status) => status switch
    {
        VersionStatus.Draft => "草稿",
        VersionStatus.Submitted => "已提交待审核",
        VersionStatus.Approved => "已批复待公开",
        _ => "已公开",
    };

    public async Task<DraftView?> LoadAsync(int versionId, CancellationToken ct)
    {
        var header = await db.Versions.AsNoTracking().Where(v => v.Id == versionId)
            .Select(v => new
            {
                v.Id, v.DisclosureId, v.Number, v.Status, v.ApprovedOn, v.ReturnReason, v.CorrectionNote, v.PublishedAt,
                v.Disclosure.DepartmentId, DepartmentName = v.Disclosure.Department.Name, DepartmentCode = v.Disclosure.Department.Code,
                v.Disclosure.Department.RegionId, v.Disclosure.Slug, v.Disclosure.Title, v.Disclosure.Year, v.Disclosure.Kind,
                TableSet = v.Disclosure.TableSet == null ? null : v.Disclosure.TableSet.Code,
                Published = v.Disclosure.Versions.Any(o => o.Status == VersionStatus.Published && o.Id != v.Id),
            })
            .SingleOrDefaultAsync(ct);
        if (header is null)
        {
            return null;
        }

        var tables = await db.Tables.AsNoTracking().Where(t => t.VersionId == versionId).OrderBy(t => t.Ordinal)
            .Include(t => t.Columns).Include(t => t.Rows).ThenInclude(r => r.Cells).AsSplitQuery().ToListAsync(ct);
        var sections = await db.Sections.AsNoTracking().Where(s => s.VersionId == versionId).OrderBy(s => s.Ordinal)
            .Select(s => new NarrativeSection { Key = s.Key, Title = s.Title, Body = s.Body }).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.DepartmentId == header.DepartmentId).OrderBy(u => u.Id)
            .Select(u => new UnitInfo { Code = u.Code, Name = u.Name, Kind = u.Kind }).ToListAsync(ct);
        var document = new DisclosureDocument
        {
            Slug = header.Slug,
            Title = header.Title,
            Region = await db.RegionPathAsync(header.RegionId, ct),
            Department = new DepartmentInfo { Name = header.DepartmentName, Code = header.DepartmentCode, Units = units },
            Year = header.Year,
            Kind = DisclosureMapper.KindCode(header.Kind),
            TableSet = header.TableSet,
            Version = header.Number,
            Sections = sections,
            Tables = tables.Select(DisclosureMapper.ToDocument).ToList(),
        };
        return new DraftView(header.Id, header.DisclosureId, header.DepartmentId, header.DepartmentName, header.Slug, header.Title,
            header.Year, document.Kind, header.Number, header.Status, header.ApprovedOn, header.ReturnReason, header.CorrectionNote,
            header.Published, document, tables.Select(t => t.Id).ToList());
    }

    /// <summary>A new draft for department × year × kind from a table set: its tables with the fixed rows pre-filled.</summary>
    public async Task<(int? VersionId, string? Error)> CreateAsync(int departmentId, int year, DisclosureKind kind, string tableSetCode, CancellationToken ct)
    {
        var department = await db.Departments.Include(d => d.Region).SingleOrDefaultAsync(d => d.Id == departmentId, ct);
        var set = await tableSets.LoadAsync(tableSetCode, ct);
        var setEntity = await db.TableSets.SingleOrDefaultAsync(s => s.Code == tableSetCode, ct);
        if (department is null || set is null || setEntity is null)
        {
            return (null, "部门或表套不存在。");
        }

        if (DisclosureMapper.KindCode(kind) != set.Kind)
        {
            return (null, $"表套“{set.Name}”用于{DisclosureKinds.ToChinese(set.Kind)}，与所选类型不符。");
        }

        if (await db.Disclosures.AnyAsync(d => d.DepartmentId == departmentId && d.Year == year && d.Kind == kind, ct))
        {
            return (null, $"{department.Name} {year} 年度{DisclosureKinds.ToChinese(DisclosureMapper.KindCode(kind))}已存在，请在原文件上修改或更正。");
        }

        var disclosure = new Disclosure
        {
            Slug = await DraftNaming.SlugAsync(db, department, year, kind, ct),
            DepartmentId = departmentId,
            Year = year,
            Kind = kind,
            Title = DraftNaming.Title(department.Name, await db.RegionPathAsync(department.RegionId, ct), year, kind),
            TableSetId = setEntity.Id,
        };
        var version = new DisclosureVersion { Disclosure = disclosure, Number = 1, Status = VersionStatus.Draft, CreatedAt = clock.GetUtcNow() };
        var tables = set.Tables.Select((t, i) => DisclosureMapper.ToEntity(RowIdentity.Apply(new TableDocument
        {
            Number = t.Number,
            Code = t.Code,
            Title = t.Title,
            Unit = t.Unit,
            Decimals = t.Decimals,
            Columns = t.Columns,
            Rows = t.FixedRows?.ToList() ?? [],
            EmptyNote = t.EmptyNote,
            Footnotes = t.Footnotes,
        }), i + 1));
        version.Tables.AddRange(tables);
        db.Add(version);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same department, year and kind, or the same slug, was created at the same moment by someone else.
            db.ChangeTracker.Clear();
            return (null, $"{department.Name} {year} 年度{DisclosureKinds.ToChinese(DisclosureMapper.KindCode(kind))}或网址“{disclosure.Slug}”刚刚已被创建，请刷新后再试。");
        }

        audit.Add("新建草稿", disclosure.Id, version.Id, detail: $"{disclosure.Title}（表套 {set.Code}）");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (version.Id, null);
    }

    /// <summary>
    /// Replaces one table of a draft. <paramref name="expectedTableId"/> is the id of the table as the editor loaded it:
    /// every save stores the table anew, so a different id means someone else saved in between, and nothing is saved.
    /// </summary>
    public async Task<SaveResult> SaveTableAsync(int versionId, int index, TableDocument edited, int expectedTableId, string source, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialize saves of one version: the row lock is held until commit.
        var version = await db.Versions.FromSqlInterpolated($"SELECT * FROM disclosure_versions WHERE id = {versionId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return new SaveResult(false, "草稿不存在。", [], null);
        }

        if (version.Status != VersionStatus.Draft)
        {
            return new SaveResult(false, $"此版本状态为“{StatusLabel(version.Status)}”，不能修改；被退回或新建更正后才能修改。", [], null);
        }

        var current = await db.Tables.Where(t => t.VersionId == versionId && t.Ordinal == index + 1)
            .Include(t => t.Columns).Include(t => t.Rows).ThenInclude(r => r.Cells).AsSplitQuery().SingleOrDefaultAsync(ct);
        if (current is null)
        {
            return new SaveResult(false, "表不存在。", [], null);
        }

        if (current.Id != expectedTableId)
        {
            return new SaveResult(false, "保存失败：在您编辑期间，其他人已修改并保存了这张表。您的修改没有保存，也没有覆盖对方的修改。请重新打开这张表，核对后再输入您的修改。", [], null);
        }

        var before = DisclosureMapper.ToDocument(current);
        var after = RowIdentity.Apply(edited);
        var changes = Diff(before, after);
        if (changes.Count == 0)
        {
            return new SaveResult(true, null, [], current.Id);
        }

        db.Tables.Remove(current);
        var replacement = DisclosureMapper.ToEntity(after, index + 1);
        replacement.VersionId = versionId;
        db.Tables.Add(replacement);
        await db.SaveChangesAsync(ct);
        var disclosureId = version.DisclosureId;
        foreach (var change in changes)
        {
            audit.Add(source, disclosureId, versionId, $"{after.Number} {after.Title} · {change.Location}", change.Old, change.New);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SaveResult(true, null, changes, replacement.Id);
    }

    /// <summary>Cell-by-cell differences between two versions of a table, rows matched by identity (code, unit, project, name).</summary>
    public static List<CellChange> Diff(TableDocument before, TableDocument after)
    {
        var leaves = after.Leaves();
        var changes = new List<CellChange>();
        // The unit and decimals are data of the table: changing them changes what every figure means.
        if (before.Unit != after.Unit || before.Decimals != after.Decimals)
        {
            changes.Add(new CellChange("金额单位", UnitLabel(before), UnitLabel(after)));
        }
        var oldRows = Keyed(before.Rows).ToDictionary(x => x.Key, x => x.Row);
        var newKeys = new HashSet<string>();
        foreach (var (key, row) in Keyed(after.Rows))
        {
            newKeys.Add(key);
            oldRows.TryGetValue(key, out var old);
            for (var i = 0; i < leaves.Count; i++)
            {
                var o = old is null || i >= old.Cells.Count ? CellValue.Blank : old.Cells[i];
                var n = i >= row.Cells.Count ? CellValue.Blank : row.Cells[i];
                // By value: 0.6 and 0.60 are the same figure (a workbook or the grid may drop the printed scale).
                if (o.Number is { } x && n.Number is { } y ? x != y : o != n)
                {
                    changes.Add(new CellChange($"{Label(row)} · {leaves[i].Title}", Show(o), Show(n)));
                }
            }
        }

        foreach (var (key, row) in oldRows.Where(kv => !newKeys.Contains(kv.Key)))
        {
            changes.Add(new CellChange($"{Label(row)}（删除此行）", string.Join(" ", row.Cells.Select(Show).Where(s => s is not null)), null));
        }

        return changes;

        static string? Show(CellValue cell) => cell.Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : cell.Text;
        static string UnitLabel(TableDocument table) => $"{table.Unit ?? "无"}，{table.Decimals} 位小数";
    }

    /// <summary>Row identities, the second row of the same identity (上年结转 repeats 本年收入's items) counted apart.</summary>
    private static IEnumerable<(string Key, RowDocument Row)> Keyed(IEnumerable<RowDocument> rows)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = RowKey(row);
            seen[key] = seen.GetValueOrDefault(key) + 1;
            yield return (seen[key] == 1 ? key : $"{key}#{seen[key]}", row);
        }
    }

    private static string RowKey(RowDocument row) => BudgetPortal.Core.Workbooks.WorkbookImporter.KeyOf(row);

    private static string Label(RowDocument row) =>
        string.Join(" ", new[] { row.Code, row.Name ?? row.Cells.FirstOrDefault(c => c.Text is not null).Text }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>
    /// Applies a confirmed workbook: every changed table of the draft replaced in one transaction, every changed cell in
    /// the audit log with the file's name and SHA-256. Refused if the draft left 草稿 or a table changed since the preview.
    /// </summary>
    public async Task<(IReadOnlyList<CellChange> Changes, string? Error)> ApplyImportAsync(
        int versionId, IReadOnlyDictionary<int, TableDocument> tables, string previewTableIds, string fileName, string fileHash, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.Versions.FromSqlInterpolated($"SELECT * FROM disclosure_versions WHERE id = {versionId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (version is null || version.Status != VersionStatus.Draft)
        {
            return ([], "此版本已不是草稿，不能导入。");
        }

        var current = await db.Tables.AsNoTracking().Where(t => t.VersionId == versionId).OrderBy(t => t.Ordinal)
            .Include(t => t.Columns).Include(t => t.Rows).ThenInclude(r => r.Cells).AsSplitQuery().ToListAsync(ct);
        if (string.Join(",", current.Select(t => t.Id)) != previewTableIds)
        {
            return ([], "预览之后，草稿中的表格已被他人修改。导入没有执行，请重新上传工作簿并核对变化。");
        }

        var all = new List<CellChange>();
        foreach (var (index, edited) in tables.OrderBy(kv => kv.Key))
        {
            var before = DisclosureMapper.ToDocument(current[index]);
            var changes = Diff(before, edited);
            if (changes.Count == 0)
            {
                continue;
            }

            // Rows and cells go with the table (ON DELETE CASCADE), in one statement.
            var oldId = current[index].Id;
            await db.Tables.Where(t => t.Id == oldId).ExecuteDeleteAsync(ct);
            var replacement = DisclosureMapper.ToEntity(edited, index + 1);
            replacement.VersionId = versionId;
            db.Tables.Add(replacement);
            foreach (var change in changes)
            {
                audit.Add("导入工作簿", version.DisclosureId, versionId, $"{edited.Number} {edited.Title} · {change.Location}", change.Old, change.New,
                    fileName: fileName, fileHash: fileHash);
            }

            all.AddRange(changes);
        }

        audit.Add("导入工作簿（确认）", version.DisclosureId, versionId, detail: $"{all.Count} 处变化", fileName: fileName, fileHash: fileHash);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (all, null);
    }

    /// <summary>Replaces the narrative sections of a draft (Markdown); each changed section is audited with old and new text.</summary>
    public async Task<(int Changed, string? Error)> SaveSectionsAsync(int versionId, IReadOnlyList<NarrativeSection> sections, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.Versions.FromSqlInterpolated($"SELECT * FROM disclosure_versions WHERE id = {versionId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (version is null || version.Status != VersionStatus.Draft)
        {
            return (0, "此版本已不是草稿，不能修改。");
        }

        var current = await db.Sections.Where(x => x.VersionId == versionId).OrderBy(x => x.Ordinal).ToListAsync(ct);
        var changed = 0;
        for (var i = 0; i < Math.Max(current.Count, sections.Count); i++)
        {
            var old = i < current.Count ? current[i] : null;
            var now = i < sections.Count ? sections[i] : null;
            if (old is not null && now is not null && old.Title == now.Title && old.Body == now.Body && old.Key == now.Key)
            {
                continue;
            }

            changed++;
            audit.Add("修改文字说明", version.DisclosureId, versionId, $"文字说明 · {now?.Title ?? old?.Title}",
                old is null ? null : $"{old.Title}\n{old.Body}", now is null ? null : $"{now.Title}\n{now.Body}");
        }

        if (changed > 0)
        {
            db.Sections.RemoveRange(current);
            db.Sections.AddRange(sections.Select((x, i) => new NarrativeSectionEntity { VersionId = versionId, Ordinal = i + 1, Key = x.Key, Title = x.Title, Body = x.Body }));
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return (changed, null);
    }

    public async Task<string?> SubmitAsync(int versionId, CancellationToken ct) =>
        await TransitionAsync(versionId, VersionStatus.Draft, VersionStatus.Submitted, "提交审核", null, v => { v.ReturnReason = null; }, ct);

    public async Task<string?> ReturnAsync(int versionId, string reason, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(reason)
            ? "退回时请填写退回原因。"
            : await TransitionAsync(versionId, VersionStatus.Submitted, VersionStatus.Draft, "退回修改", reason, v => v.ReturnReason = reason.Trim(), ct);

    public async Task<string?> ApproveAsync(int versionId, DateOnly? approvedOn, CancellationToken ct) =>
        approvedOn is null
            ? "请填写批复日期。"
            : await TransitionAsync(versionId, VersionStatus.Submitted, VersionStatus.Approved, "批复",
                approvedOn.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v => v.ApprovedOn = approvedOn, ct);

    /// <summary>Publishes an approved version: it becomes what the public sees and never changes again.</summary>
    public async Task<string?> PublishAsync(int versionId, string? correctionNote, CancellationToken ct)
    {
        var isCorrection = await db.Versions.AnyAsync(v => v.Id == versionId && v.Number > 1, ct);
        if (isCorrection && string.IsNullOrWhiteSpace(correctionNote))
        {
            return "公开更正版本时请填写更正说明。";
        }

        var error = await TransitionAsync(versionId, VersionStatus.Approved, VersionStatus.Published, isCorrection ? "公开更正版本" : "公开", correctionNote, v =>
        {
            v.PublishedAt = clock.GetUtcNow();
            v.CorrectionNote = isCorrection ? correctionNote!.Trim() : null;
            v.Disclosure.CurrentVersionId = v.Id;
        }, ct);
        if (error is null)
        {
            await publication.PublishedAsync(ct);
        }

        return error;
    }

    /// <summary>A correction: a new draft (the next version number) copied from the published version.</summary>
    public async Task<(int? VersionId, string? Error)> StartCorrectionAsync(int disclosureId, CancellationToken ct)
    {
        var disclosure = await db.Disclosures.Include(d => d.Versions).SingleOrDefaultAsync(d => d.Id == disclosureId, ct);
        if (disclosure?.CurrentVersionId is not { } currentId)
        {
            return (null, "只有已公开的文件才能更正。");
        }

        if (disclosure.Versions.Any(v => v.Status != VersionStatus.Published))
        {
            return (null, "已有一个尚未公开的更正版本，请在其上继续。");
        }

        var source = await LoadAsync(currentId, ct);
        var version = new DisclosureVersion
        {
            DisclosureId = disclosureId,
            Number = disclosure.Versions.Max(v => v.Number) + 1,
            Status = VersionStatus.Draft,
            CreatedAt = clock.GetUtcNow(),
        };
        DisclosureMapper.FillVersion(version, source!.Document);
        db.Add(version);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add("新建更正版本", disclosureId, version.Id, detail: $"第 {version.Number} 版，以第 {source.Number} 版为底稿");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (version.Id, null);
    }

    private async Task<string?> TransitionAsync(
        int versionId, VersionStatus from, VersionStatus to, string action, string? detail, Action<DisclosureVersion> apply, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.Versions.Include(v => v.Disclosure).SingleOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null)
        {
            return "版本不存在。";
        }

        if (version.Status != from)
        {
            return $"此版本状态为“{StatusLabel(version.Status)}”，不能{action}。";
        }

        version.Status = to;
        apply(version);
        audit.Add(action, version.DisclosureId, version.Id, detail: detail);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }
}
