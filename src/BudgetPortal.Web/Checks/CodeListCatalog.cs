using System.Text.Json;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Checks;

/// <summary>The code lists in force: the shipped ones and every stored edition, as of a stamp.</summary>
public sealed record CodeListSnapshot(int Stamp, CodeBook Book);

/// <summary>
/// The shipped code lists (data/code-lists) plus the editions administrators uploaded, rebuilt when the highest
/// stored edition id changes (one index probe per use), so that an upload on any instance is used by the next check
/// on every instance, without a restart.
/// </summary>
public sealed class CodeListCatalog(CodeBook shipped)
{
    private CodeListSnapshot? _current;

    public async Task<CodeListSnapshot> CurrentAsync(PortalDbContext db, CancellationToken ct) =>
        await CurrentAsync(db, await db.CodeListEditions.MaxAsync(e => (int?)e.Id, ct) ?? 0, ct);

    /// <summary>The code lists as of <paramref name="stamp"/>, already read by the caller (<see cref="DisclosureQueries.StampsAsync"/>).</summary>
    public async Task<CodeListSnapshot> CurrentAsync(PortalDbContext db, int stamp, CancellationToken ct)
    {
        if (_current is { } current && current.Stamp == stamp)
        {
            return current;
        }

        var stored = await db.CodeListEditions.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        var snapshot = new CodeListSnapshot(stamp, new CodeBook(shipped.Lists.Concat(stored.Select(ToList))));
        _current = snapshot;
        return snapshot;
    }

    public static CodeList ToList(CodeListEdition edition) => new()
    {
        Code = edition.ListCode,
        Name = ListNames.GetValueOrDefault(edition.ListCode, edition.ListCode),
        Prefix = ListPrefixes.GetValueOrDefault(edition.ListCode, ""),
        Edition = edition.Edition,
        Year = edition.Year,
        Region = edition.Region,
        Complete = edition.Complete,
        Entries = JsonSerializer.Deserialize<List<CodeEntry>>(edition.EntriesJson, DisclosureJson.Options) ?? [],
    };

    public static readonly IReadOnlyDictionary<string, string> ListNames = new Dictionary<string, string>
    {
        ["functional"] = "支出功能分类科目",
        ["economic-dept"] = "部门预算支出经济分类科目",
        ["economic-gov"] = "政府预算支出经济分类科目",
    };

    public static readonly IReadOnlyDictionary<string, string> ListPrefixes = new Dictionary<string, string>
    {
        ["functional"] = "2",
        ["economic-dept"] = "3",
        ["economic-gov"] = "5",
    };
}
