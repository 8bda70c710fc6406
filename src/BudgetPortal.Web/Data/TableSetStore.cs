using System.Text.Json;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>Stores table-set definitions and reads them back; a set is replaced as a whole, in one transaction.</summary>
public sealed class TableSetStore(PortalDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Compact = DisclosureJson.Create(indented: false);

    public static string BuiltInFolder => Path.Combine(AppContext.BaseDirectory, "TableSets");

    /// <summary>
    /// Adds the set as version 1, or, when it differs from the latest version of its code, as the next version (a set
    /// is never changed in place: disclosures keep the version they were made from). Returns true when it added one.
    /// Two saves of one code at once are serialized by a transaction-scoped advisory lock on the code.
    /// </summary>
    public async Task<bool> SaveAsync(TableSetDefinition definition, string source, CancellationToken ct)
    {
        var rulesJson = JsonSerializer.Serialize(definition.Rules, Compact);
        var templates = definition.Tables.Select((t, i) => new TableTemplate
        {
            Ordinal = i + 1,
            Number = t.Number,
            Code = t.Code,
            Title = t.Title,
            Unit = t.Unit,
            Decimals = t.Decimals,
            RowKind = t.RowKind,
            ColumnsJson = JsonSerializer.Serialize(new TemplateColumns(t.Columns, t.FixedRows), Compact),
            EmptyNote = t.EmptyNote,
            Footnotes = t.Footnotes ?? [],
            Required = t.Required,
        }).ToList();

        // Joins the caller's transaction when there is one (a disclosure import that brings its own set).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(72410002, hashtext({definition.Code}))", ct);
        var latest = await db.TableSets.Include(s => s.Tables).Where(s => s.Code == definition.Code).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        var set = new TableSet
        {
            Code = definition.Code,
            Version = (latest?.Version ?? 0) + 1,
            Name = definition.Name,
            Kind = DisclosureMapper.ParseKind(definition.Kind),
            Region = definition.Region,
            Description = definition.Description,
            DepartmentLabel = definition.DepartmentLabel,
            RulesJson = rulesJson,
            Source = source,
            LoadedAt = clock.GetUtcNow(),
            Tables = templates,
        };
        if (latest is not null && Same(latest, set))
        {
            return false;
        }

        db.TableSets.Add(set);
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return true;
    }

    /// <summary>The id of the latest version of a set (what new drafts are made from), or null.</summary>
    public Task<int?> LatestIdAsync(string code, CancellationToken ct) =>
        db.TableSets.Where(s => s.Code == code).OrderByDescending(s => s.Version).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Whether a stored set already holds this definition: both are read back through <see cref="ToDefinition"/> (so
    /// absent and empty lists, and jsonb's key order, compare alike) and compared as JSON values.
    /// </summary>
    private static bool Same(TableSet stored, TableSet candidate) =>
        JsonElement.DeepEquals(
            JsonSerializer.SerializeToElement(ToDefinition(stored), Compact),
            JsonSerializer.SerializeToElement(ToDefinition(candidate), Compact));

    public async Task<TableSetDefinition?> LoadAsync(string code, CancellationToken ct)
    {
        var set = await db.TableSets.AsNoTracking().Include(s => s.Tables).Where(s => s.Code == code).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        return set is null ? null : ToDefinition(set);
    }

    /// <summary>One version of a set, by its id (the version a disclosure was made from).</summary>
    public async Task<TableSetDefinition?> LoadVersionAsync(int id, CancellationToken ct)
    {
        var set = await db.TableSets.AsNoTracking().Include(s => s.Tables).SingleOrDefaultAsync(s => s.Id == id, ct);
        return set is null ? null : ToDefinition(set);
    }

    public static TableSetDefinition ToDefinition(TableSet set) => new()
    {
        Code = set.Code,
        Name = set.Name,
        Kind = DisclosureMapper.KindCode(set.Kind),
        Region = set.Region,
        Description = set.Description,
        DepartmentLabel = set.DepartmentLabel,
        Rules = JsonSerializer.Deserialize<List<CheckRule>>(set.RulesJson, Compact) ?? [],
        Tables = set.Tables.OrderBy(t => t.Ordinal).Select(t =>
        {
            var columns = JsonSerializer.Deserialize<TemplateColumns>(t.ColumnsJson, Compact)!;
            return new TableTemplateDefinition
            {
                Number = t.Number,
                Code = t.Code,
                Title = t.Title,
                Unit = t.Unit,
                Decimals = t.Decimals,
                RowKind = t.RowKind,
                Columns = columns.Columns,
                FixedRows = columns.FixedRows,
                EmptyNote = t.EmptyNote,
                Footnotes = t.Footnotes.Count == 0 ? null : t.Footnotes,
                Required = t.Required,
            };
        }).ToList(),
    };

    /// <summary>Loads every *.json table-set file of a folder; a file with errors stops the start with its messages.</summary>
    public async Task<int> LoadFolderAsync(string folder, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var changed = 0;
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var definition = TableSetJson.Parse(await File.ReadAllTextAsync(file, ct), Path.GetFileName(file));
            if (await SaveAsync(definition, Path.GetFileName(file), ct))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>The stored column tree of a template plus the fixed rows a draft starts with.</summary>
    private sealed record TemplateColumns(List<ColumnNode> Columns, List<RowDocument>? FixedRows);
}
