using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

/// <summary>
/// All regions in memory (a few hundred at most): paths for display, and the one closure over the tree ("a region and
/// everything under it") that filters, feeds and access scopes use.
/// </summary>
public sealed class RegionTree
{
    public sealed record Node(int Id, string Name, int? ParentId);

    private readonly Dictionary<int, Node> _byId;
    private readonly ILookup<int?, Node> _children;

    public RegionTree(IEnumerable<Node> nodes)
    {
        _byId = nodes.ToDictionary(n => n.Id);
        _children = _byId.Values.ToLookup(n => n.ParentId);
    }

    public static async Task<RegionTree> LoadAsync(PortalDbContext db, CancellationToken ct) =>
        new(await db.Regions.AsNoTracking().Select(r => new Node(r.Id, r.Name, r.ParentId)).ToListAsync(ct));

    public IEnumerable<Node> All => _byId.Values;

    public Node? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>The regions directly under that one.</summary>
    public IEnumerable<Node> ChildrenOf(int id) => _children[id];

    /// <summary>From the province down to the region itself.</summary>
    public IReadOnlyList<Node> Trail(int id)
    {
        var trail = new List<Node>();
        for (int? current = id; current is { } c && _byId.TryGetValue(c, out var node) && trail.Count <= _byId.Count; current = node.ParentId)
        {
            trail.Insert(0, node);
        }

        return trail;
    }

    /// <summary>
    /// The trail of a region given the region and its ancestors as read (nearest first, null past the top): from the
    /// top down, or null when the last one read still has a parent (a deeper tree, or a cycle: read the whole tree).
    /// </summary>
    public static IReadOnlyList<Node>? TrailOf(IReadOnlyList<Node?> regionAndAncestors)
    {
        var trail = new List<Node>();
        foreach (var node in regionAndAncestors)
        {
            if (node is null)
            {
                break;
            }

            trail.Insert(0, node);
        }

        return trail.Count == 0 || trail[0].ParentId is not null ? null : trail;
    }

    public IReadOnlyList<string> PathOf(int id) => Trail(id).Select(n => n.Name).ToList();

    /// <summary>Every region with its path (省/市/区), in path order: the choices of a form.</summary>
    public IReadOnlyList<(int Id, string Path)> Paths() =>
        [.. _byId.Keys.Select(id => (id, string.Join("/", PathOf(id)))).OrderBy(x => x.Item2, StringComparer.Ordinal)];

    /// <summary>
    /// The given regions and every region under them, each once: the only closure over the tree. Unknown ids are
    /// ignored; a cycle (which the region pages refuse to make) cannot loop.
    /// A list, not a set, so that EF Core translates <c>ids.Contains(column)</c> into <c>= ANY (@ids)</c>.
    /// </summary>
    public IReadOnlyList<int> IdsUnder(IEnumerable<int> roots)
    {
        var covered = new HashSet<int>();
        var pending = new Stack<int>(roots.Where(_byId.ContainsKey));
        while (pending.TryPop(out var id))
        {
            if (covered.Add(id))
            {
                foreach (var child in _children[id])
                {
                    pending.Push(child.Id);
                }
            }
        }

        return [.. covered.Order()];
    }

    /// <summary>The region and every region under it.</summary>
    public IReadOnlyList<int> IdsUnder(int id) => IdsUnder([id]);

    /// <summary>The region(s) of that name and every region under them.</summary>
    public IReadOnlyList<int> IdsUnderName(string name) => IdsUnder(_byId.Values.Where(n => n.Name == name).Select(n => n.Id));
}
