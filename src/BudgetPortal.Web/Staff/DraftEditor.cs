using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// What a new draft takes from the department's previous disclosure of the same kind (its current published version of
/// the latest earlier year): the rows and codes of every table (figures blank), and optionally the narrative sections and
/// last year's figures in the columns the set declares as 上年数 (<see cref="ColumnNode.PriorYearOf"/>).
/// </summary>
public sealed record DraftStart(bool Rows, bool Sections, bool PriorYearFigures = false)
{
    public static readonly DraftStart Blank = new(false, false);
}

/// <summary>A new draft's version, or why none was made; <see cref="From"/> names the disclosure it started from.</summary>
public sealed record DraftCreated(int? VersionId, string? Error, string? From = null);

/// <summary>The outcome of saving one table: the cells that changed, or why nothing was saved.</summary>
public sealed record SaveResult(bool Saved, string? Error, IReadOnlyList<CellChange> Changes, int? NewTableId);

/// <summary>
/// Drafts and their content: a new draft from a table set, saving a table from the grid, applying a confirmed workbook
/// and saving the narrative sections. Each change locks the version row first and writes the audit log in the same
/// transaction; only a version in 草稿 can change. The lifecycle (submit … publish, correction) is
/// <see cref="VersionWorkflow"/>.
/// </summary>
public sealed class DraftEditor(PortalDbContext db, TableSetStore tableSets, AuditLog audit, TimeProvider clock, DocumentLoader documents)
{
    /// <summary>A new draft for department × year × kind from a table set: its tables with the fixed rows pre-filled.</summary>
    public async Task<(int? VersionId, string? Error)> CreateAsync(int departmentId, int year, DisclosureKind kind, string tableSetCode, CancellationToken ct)
    {
        var created = await CreateAsync(departmentId, year, kind, tableSetCode, DraftStart.Blank, ct);
        return (created.VersionId, created.Error);
    }

    /// <summary>
    /// A new draft from a table set, started from the department's previous disclosure of the same kind as
    /// <paramref name="start"/> asks (<see cref="CarryForward"/>); without one, the set's blank tables.
    /// </summary>
    public async Task<DraftCreated> CreateAsync(int departmentId, int year, DisclosureKind kind, string tableSetCode, DraftStart start, CancellationToken ct)
    {
        var department = await db.Departments.Include(d => d.Region).SingleOrDefaultAsync(d => d.Id == departmentId, ct);
        var set = await tableSets.LoadAsync(tableSetCode, ct);
        var setEntity = await db.TableSets.Where(s => s.Code == tableSetCode).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (department is null || set is null || setEntity is null)
        {
            return new DraftCreated(null, "部门或表套不存在。");
        }

        if (DisclosureMapper.KindCode(kind) != set.Kind)
        {
            return new DraftCreated(null, $"表套“{set.Name}”用于{DisclosureKinds.ToChinese(set.Kind)}，与所选类型不符。");
        }

        if (await db.Disclosures.AnyAsync(d => d.DepartmentId == departmentId && d.Year == year && d.Kind == kind, ct))
        {
            return new DraftCreated(null, $"{department.Name} {year} 年度{DisclosureKinds.ToChinese(DisclosureMapper.KindCode(kind))}已存在，请在原文件上修改或更正。");
        }

        var disclosure = new Disclosure
        {
            Slug = await DraftNaming.SlugAsync(db, department, year, kind, ct),
            DepartmentId = departmentId,
            Year = year,
            Kind = kind,
            Title = DraftNaming.Title(department.Name, (await RegionTree.LoadAsync(db, ct)).PathOf(department.RegionId), year, kind),
            TableSetId = setEntity.Id,
        };
        var version = new DisclosureVersion { Disclosure = disclosure, Number = 1, Status = VersionStatus.Draft, CreatedAt = clock.GetUtcNow() };
        var previous = start.Rows || start.Sections ? await PreviousAsync(departmentId, year, kind, ct) : null;
        version.Tables.AddRange(DisclosureMapper.ToEntities(set.Tables.Select(t => previous is not null && start.Rows ? CarryForward.Table(t.BlankTable(), previous, start.PriorYearFigures) : t.BlankTable())));
        if (previous is not null && start.Sections)
        {
            version.Sections.AddRange(previous.Sections.Select((x, i) => new NarrativeSectionEntity { Ordinal = i + 1, Key = x.Key, Title = x.Title, Body = x.Body }));
        }

        db.Add(version);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same department, year and kind, or the same slug, was created at the same moment by someone else.
            db.ChangeTracker.Clear();
            return new DraftCreated(null, $"{department.Name} {year} 年度{DisclosureKinds.ToChinese(DisclosureMapper.KindCode(kind))}或网址“{disclosure.Slug}”刚刚已被创建，请刷新后再试。");
        }

        var from = previous is null ? null : $"{previous.Title}（{previous.Year} 年度，第 {previous.Version} 版）";
        audit.Add("新建草稿", disclosure.Id, version.Id, detail: $"{disclosure.Title}（表套 {set.Code}）{(from is null ? "" : $"，从{from}开始")}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new DraftCreated(version.Id, null, from);
    }

    /// <summary>The department's disclosure of the same kind before <paramref name="year"/> (the latest published one).</summary>
    private async Task<DisclosureDocument?> PreviousAsync(int departmentId, int year, DisclosureKind kind, CancellationToken ct)
    {
        var versionId = await db.Disclosures.AsNoTracking()
            .Where(d => d.DepartmentId == departmentId && d.Kind == kind && d.Year < year && d.CurrentVersionId != null)
            .OrderByDescending(d => d.Year).Select(d => d.CurrentVersionId).FirstOrDefaultAsync(ct);
        return versionId is { } id ? (await documents.LoadVersionAsync(id, ct))?.Document : null;
    }

    /// <summary>
    /// Replaces one table of a draft. <paramref name="expectedTableId"/> is the id of the table as the editor loaded it:
    /// every save stores the table anew, so a different id means someone else saved in between, and nothing is saved.
    /// </summary>
    public async Task<SaveResult> SaveTableAsync(int versionId, int index, TableDocument edited, int expectedTableId, string source, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialize saves of one version: the row lock is held until commit.
        var version = await db.LockVersionAsync(versionId, ct);
        if (version is null)
        {
            return new SaveResult(false, "草稿不存在。", [], null);
        }

        if (version.Status != VersionStatus.Draft)
        {
            return new SaveResult(false, $"此版本状态为“{VersionWorkflow.StatusLabel(version.Status)}”，不能修改；被退回或新建更正后才能修改。", [], null);
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
        var changes = TableDiff.Compare(before, after);
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

    /// <summary>
    /// Applies a confirmed workbook: every changed table of the draft replaced in one transaction, every changed cell in
    /// the audit log with the file's name and SHA-256. Refused if the draft left 草稿 or a table changed since the preview.
    /// </summary>
    public async Task<(IReadOnlyList<CellChange> Changes, string? Error)> ApplyImportAsync(
        int versionId, IReadOnlyDictionary<int, TableDocument> tables, string previewTableIds, string fileName, string fileHash, CancellationToken ct,
        string action = "导入工作簿", IReadOnlyList<NarrativeSection>? sections = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.LockVersionAsync(versionId, ct);
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

        // Every changed table replaced and every changed cell audited in bulk (binary COPY), not one insert per row, cell
        // and audit line: the largest workbooks change thousands of cells.
        var all = new List<CellChange>();
        var replaced = new List<int>();
        var bulk = new List<TableBulkWriter.Item>();
        var entries = new List<AuditEntry>();
        foreach (var (index, edited) in tables.OrderBy(kv => kv.Key))
        {
            var before = DisclosureMapper.ToDocument(current[index]);
            var changes = TableDiff.Compare(before, edited);
            if (changes.Count == 0)
            {
                continue;
            }

            replaced.Add(current[index].Id);
            var replacement = DisclosureMapper.ToEntity(edited, index + 1);
            replacement.VersionId = versionId;
            if (replacement.Fields.Count > 0)
            {
                db.Tables.Add(replacement); // form lines are JSON: through EF
            }
            else
            {
                bulk.Add(new TableBulkWriter.Item(versionId, index + 1, replacement));
            }

            entries.AddRange(changes.Select(change => audit.Create(action, version.DisclosureId, versionId, $"{edited.Number} {edited.Title} · {change.Location}",
                change.Old, change.New, fileName: fileName, fileHash: fileHash)));
            all.AddRange(changes);
        }

        // Rows and cells go with their tables (ON DELETE CASCADE), in one statement.
        await db.Tables.Where(t => replaced.Contains(t.Id)).ExecuteDeleteAsync(ct);
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await TableBulkWriter.WriteAsync(connection, await TableBulkWriter.ReserveIdsAsync(connection, bulk, ct), bulk, ct);
        if (sections is { Count: > 0 })
        {
            // A disclosure JSON brings its narrative too: replaced in the same transaction as the tables.
            all.AddRange(await ReplaceSectionsAsync(version, sections, action, ct));
        }

        entries.Add(audit.Create($"{action}（确认）", version.DisclosureId, versionId, detail: $"{all.Count} 处变化", fileName: fileName, fileHash: fileHash));
        await TableBulkWriter.WriteAuditAsync(connection, entries, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (all, null);
    }

    /// <summary>Replaces the narrative sections of a draft (Markdown); each changed section is audited with old and new text.</summary>
    public async Task<(int Changed, string? Error)> SaveSectionsAsync(int versionId, IReadOnlyList<NarrativeSection> sections, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var version = await db.LockVersionAsync(versionId, ct);
        if (version is null || version.Status != VersionStatus.Draft)
        {
            return (0, "此版本已不是草稿，不能修改。");
        }

        var changed = (await ReplaceSectionsAsync(version, sections, "修改文字说明", ct)).Count;
        await transaction.CommitAsync(ct);
        return (changed, null);
    }

    /// <summary>What differs between the draft's sections and <paramref name="sections"/> (one line per changed section,
    /// audited under <paramref name="action"/>); the sections are replaced when anything differs (saved by the caller's
    /// transaction).</summary>
    private async Task<List<CellChange>> ReplaceSectionsAsync(DisclosureVersion version, IReadOnlyList<NarrativeSection> sections, string action, CancellationToken ct)
    {
        var current = await db.Sections.Where(x => x.VersionId == version.Id).OrderBy(x => x.Ordinal).ToListAsync(ct);
        var changes = new List<CellChange>();
        for (var i = 0; i < Math.Max(current.Count, sections.Count); i++)
        {
            var old = i < current.Count ? current[i] : null;
            var now = i < sections.Count ? sections[i] : null;
            if (old is not null && now is not null && old.Title == now.Title && old.Body == now.Body && old.Key == now.Key)
            {
                continue;
            }

            var change = new CellChange($"文字说明 · {now?.Title ?? old?.Title}", old is null ? null : $"{old.Title}\n{old.Body}", now is null ? null : $"{now.Title}\n{now.Body}");
            changes.Add(change);
            audit.Add(action, version.DisclosureId, version.Id, change.Location, change.Old, change.New);
        }

        if (changes.Count > 0)
        {
            db.Sections.RemoveRange(current);
            db.Sections.AddRange(sections.Select((x, i) => new NarrativeSectionEntity { VersionId = version.Id, Ordinal = i + 1, Key = x.Key, Title = x.Title, Body = x.Body }));
            await db.SaveChangesAsync(ct);
        }

        return changes;
    }
}
