using System.Text;
using BudgetPortal.Web.Data;

namespace BudgetPortal.Web.Search;

/// <summary>
/// A character index over a list of names kept in rank order (the published catalog's departments, units or disclosure
/// titles): for each character, the positions of the names holding it, ascending. A search walks the positions of the
/// word's rarest character, in list order, and confirms each name, so that it stops after the hits it wants and a word
/// no name holds costs a dictionary lookup, however many names there are (decision 0450). Matching is the same as
/// <c>Contains(term, OrdinalIgnoreCase)</c> on every term: a character is indexed in its invariant upper case.
/// </summary>
public sealed class NameIndex<T>
{
    private readonly IReadOnlyList<T> _items;
    private readonly Func<T, string> _name;
    private readonly Dictionary<Rune, int[]> _positions;

    public NameIndex(IReadOnlyList<T> items, Func<T, string> name)
    {
        _items = items;
        _name = name;
        var positions = new Dictionary<Rune, List<int>>();
        var seen = new HashSet<Rune>();
        for (var i = 0; i < items.Count; i++)
        {
            seen.Clear();
            foreach (var rune in name(items[i]).EnumerateRunes())
            {
                var key = Rune.ToUpperInvariant(rune);
                if (seen.Add(key))
                {
                    if (!positions.TryGetValue(key, out var list))
                    {
                        positions[key] = list = [];
                    }

                    list.Add(i);
                }
            }
        }

        _positions = positions.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>The names holding every term, in list order, found lazily (take what you need).</summary>
    public IEnumerable<T> Matching(IReadOnlyList<string> terms)
    {
        int[]? rarest = null;
        foreach (var rune in terms.SelectMany(t => t.EnumerateRunes()))
        {
            if (!_positions.TryGetValue(Rune.ToUpperInvariant(rune), out var positions))
            {
                return [];
            }

            if (rarest is null || positions.Length < rarest.Length)
            {
                rarest = positions;
            }
        }

        return rarest is null ? [] : Confirmed(rarest, terms);
    }

    private IEnumerable<T> Confirmed(int[] positions, IReadOnlyList<string> terms)
    {
        foreach (var i in positions)
        {
            var name = _name(_items[i]);
            if (terms.All(t => name.Contains(t, StringComparison.OrdinalIgnoreCase)))
            {
                yield return _items[i];
            }
        }
    }
}

/// <summary>The name indexes of one published catalog: departments, units and disclosure titles, built with it.</summary>
public sealed class CatalogNames(IReadOnlyList<CatalogName> departments, IReadOnlyList<CatalogName> units, IReadOnlyList<CatalogEntry> disclosures)
{
    public NameIndex<CatalogName> Departments { get; } = new(departments, d => d.Name);

    public NameIndex<CatalogName> Units { get; } = new(units, u => u.Name);

    public NameIndex<CatalogEntry> Titles { get; } = new(disclosures, d => d.Title);
}
