using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>All regions in memory (a few hundred at most): paths for display, and a region with everything under it for filters.</summary>
public sealed class RegionTree
{
    public sealed record Node(int Id, string Name, int? ParentId);

    private readonly Dictionary<int, Node> _byId;

    private RegionTree(IEnumerable<Node> nodes) => _byId = nodes.ToDictionary(n => n.Id);

    public static async Task<RegionTree> LoadAsync(PortalDbContext db, CancellationToken ct) =>
        new(await db.Regions.AsNoTracking().Select(r => new Node(r.Id, r.Name, r.ParentId)).ToListAsync(ct));

    public IEnumerable<Node> All => _byId.Values;

    public Node? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>From the province down to the region itself.</summary>
    public IReadOnlyList<Node> Trail(int id)
    {
        var trail = new List<Node>();
        for (int? current = id; current is { } c && _byId.TryGetValue(c, out var node); current = node.ParentId)
        {
            trail.Insert(0, node);
        }

        return trail;
    }

    public IReadOnlyList<string> PathOf(int id) => Trail(id).Select(n => n.Name).ToList();

    /// <summary>Every region with its path (省/市/区), in path order: the choices of a form.</summary>
    public IReadOnlyList<(int Id, string Path)> Paths() =>
        [.. _byId.Keys.Select(id => (id, string.Join("/", PathOf(id)))).OrderBy(x => x.Item2, StringComparer.Ordinal)];

    /// <summary>The ids of the region(s) of that name and of every region under them.</summary>
    public IReadOnlyList<int> IdsUnderName(string name) =>
        _byId.Values.Where(n => Trail(n.Id).Any(t => t.Name == name)).Select(n => n.Id).ToList();

    /// <summary>The region and every region under it.</summary>
    public IReadOnlyList<int> IdsUnder(int id) =>
        _byId.Values.Where(n => Trail(n.Id).Any(t => t.Id == id)).Select(n => n.Id).ToList();
}
