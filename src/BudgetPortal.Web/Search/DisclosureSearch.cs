using BudgetPortal.Web.Api;
using BudgetPortal.Web.Data;

namespace BudgetPortal.Web.Search;

public sealed record DisclosureFilter(int? Year, string? Kind, string? Region, string? Department);

/// <summary>The published-disclosure query shared by the home page and the list API.</summary>
public static class DisclosureSearch
{
    /// <summary>One page of the published disclosures (newest year first), from the in-memory published catalog.</summary>
    public static (List<DisclosureListItem> Items, int Total) FindPublishedPage(PublishedCatalog catalog, DisclosureFilter filter, int offset, int? limit)
    {
        IEnumerable<CatalogEntry> query = catalog.Disclosures;
        var filtered = false;
        if (filter.Year is { } year)
        {
            query = query.Where(d => d.Year == year);
            filtered = true;
        }

        if (filter.Kind is { } kind)
        {
            var k = DisclosureMapper.ParseKind(kind);
            query = query.Where(d => d.Kind == k);
            filtered = true;
        }

        if (!string.IsNullOrWhiteSpace(filter.Region))
        {
            var matching = catalog.Regions.IdsUnderName(filter.Region.Trim()).ToHashSet();
            query = query.Where(d => matching.Contains(d.RegionId));
            filtered = true;
        }

        if (!string.IsNullOrWhiteSpace(filter.Department))
        {
            var fragment = filter.Department.Trim();
            query = query.Where(d => d.Department.Contains(fragment, StringComparison.OrdinalIgnoreCase));
            filtered = true;
        }

        // Unfiltered (the home page as most visitors see it) is a slice of the catalog, whatever its size.
        var all = filtered ? query.ToList() : catalog.Disclosures;
        var page = limit is { } take ? all.Skip(offset).Take(take) : all.Skip(offset);
        var items = page.Select(d =>
        {
            var path = catalog.Regions.PathOf(d.RegionId);
            return new DisclosureListItem(d.Slug, d.Title, d.Department, (path.Count > 0 ? path[^1] : ""), path, d.Year,
                DisclosureMapper.KindCode(d.Kind), "published", d.Version, d.PublishedAt, DisclosureEndpoints.LinksFor(d.Slug));
        }).ToList();
        return (items, all.Count);
    }
}
