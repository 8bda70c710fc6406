using System.Globalization;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Pages.Regions;

/// <summary>
/// A region's departments (sub-regions included) for one year: headline figures, 三公经费, consistency counts and
/// publication status, sortable on every column, and the same as CSV. Figures and check counts come from the stored
/// version summaries (<see cref="VersionSummaryStore"/>), computed the first time they are needed.
/// </summary>
public sealed class ShowModel(PortalDbContext db, PublishedCatalogCache catalogs, VersionSummaryStore summaryStore) : PageModel
{
    /// <summary>One published disclosure, or a department with none for the year (Slug null).</summary>
    public sealed record Row(
        int DepartmentId, string Department, string Region, string? Slug, string? Title, DisclosureKind? Kind, KeyFigures Figures,
        int? Passed, int? Rounding, int? Errors, int? Version, DateTimeOffset? PublishedAt, DateOnly? ApprovedOn)
    {
        /// <summary>The department name's place by the culture's comparison (<see cref="CatalogDepartment.NameRank"/>): the sort by department.</summary>
        public int NameRank { get; init; }

        public string KindLabel => Kind switch { DisclosureKind.Budget => "预算", DisclosureKind.Final => "决算", _ => "" };

        public string Status => Slug is null ? "本年度未公开" : $"已公开（第 {Version} 版）";
    }

    /// <summary>A sortable column: its query value, header and how to read a row.</summary>
    public sealed record Column(string Key, string Header, Func<Row, IComparable?> Value, bool Numeric = false);

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("department", "部门", r => r.NameRank),
        new("kind", "类型", r => r.KindLabel.Length == 0 ? null : r.KindLabel),
        new("income", "收入总计", r => r.Figures.TotalIncome, true),
        new("expenditure", "支出总计", r => r.Figures.TotalExpenditure, true),
        new("basic", "基本支出", r => r.Figures.Basic, true),
        new("project", "项目支出", r => r.Figures.Project, true),
        new("three-public", "“三公”经费", r => r.Figures.ThreePublic, true),
        new("checks", "勾稽关系", r => r.Errors is null ? null : (r.Errors.Value * 10_000) + r.Rounding!.Value),
        new("published", "公开状态", r => r.PublishedAt),
    ];

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    /// <summary><c>budget</c> or <c>final</c> to list one kind only; anything else lists both.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public string RegionName { get; private set; } = "";
    public IReadOnlyList<RegionTree.Node> Trail { get; private set; } = [];
    public IReadOnlyList<RegionTree.Node> Children { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The sort column key and direction in effect (default: by department, ascending).</summary>
    public (string Key, bool Descending) SortBy { get; private set; } = ("department", false);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The same table as CSV (UTF-8 with BOM), in the same order.</summary>
    public async Task<IActionResult> OnGetCsvAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var stream = new MemoryStream();
        WriteCsv(Rows, stream);
        stream.Position = 0;
        return File(stream, "text/csv; charset=utf-8", $"{RegionName}-{Year}年度-部门预决算概览.csv");
    }

    /// <summary>The link for a header: ascending first, descending when the column is already sorted ascending.</summary>
    public string SortLink(string key) =>
        $"?year={Year}{KindQuery}&sort={(SortBy.Key == key && !SortBy.Descending ? "-" : "")}{key}";

    /// <summary>The kind filter as it goes on the page's own links ("" when both kinds are listed).</summary>
    public string KindQuery => Kind is null ? "" : $"&kind={Kind}";

    public string? AriaSort(string key) =>
        SortBy.Key != key ? null : SortBy.Descending ? "descending" : "ascending";

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        // Everything but the figures comes from the in-memory catalog, indexed by region and year when it is built: the
        // departments of the subtree, its years and the published disclosures of the year shown. The figures and check
        // counts come from the summaries stored at publication. The cost follows the departments listed, not the number
        // of disclosures or departments the portal holds (decisions 0420, 0470).
        var catalog = await catalogs.GetAsync(HttpContext, db, ct);
        var regions = catalog.Regions;
        if (regions.Find(id) is not { } region)
        {
            return false;
        }

        if (Kind is not ("budget" or "final"))
        {
            Kind = null;
        }

        RegionName = region.Name;
        Trail = regions.Trail(id);
        Children = [.. regions.ChildrenOf(id).OrderBy(r => r.Name, StringComparer.Ordinal)];
        var under = regions.IdsUnder(id);
        Years = [.. under.SelectMany(catalog.YearsIn).Distinct().OrderDescending()];
        Year ??= Years.Count > 0 ? Years[0] : null;

        var ofYear = Year is { } year ? under.SelectMany(r => catalog.InRegion(r, year)).ToList() : [];
        var kind = Kind is null ? (DisclosureKind?)null : DisclosureMapper.ParseKind(Kind);
        var budgets = kind == DisclosureKind.Budget ? null
            : ofYear.Where(d => d.Kind == DisclosureKind.Budget).ToDictionary(d => d.DepartmentId, d => d.VersionId);
        var disclosures = kind is null ? ofYear : ofYear.Where(d => d.Kind == kind).ToList();
        var summaries = await summaryStore.GetAsync(
            disclosures.Select(d => new SummaryRequest(d.VersionId, d.Slug, d.Kind == DisclosureKind.Final ? budgets!.GetValueOrDefault(d.DepartmentId) : null)).ToList(), ct);

        var rows = new List<Row>(disclosures.Count + 16);
        var byDepartment = disclosures.ToLookup(d => d.DepartmentId);
        foreach (var regionId in under)
        {
            var path = string.Join(" › ", regions.PathOf(regionId));
            foreach (var department in catalog.DepartmentsIn(regionId))
            {
                var own = byDepartment[department.Id];
                if (!own.Any())
                {
                    rows.Add(new Row(department.Id, department.Name, path, null, null, null, NoFigures, null, null, null, null, null, null) { NameRank = department.NameRank });
                }

                foreach (var d in own.OrderBy(d => d.Kind))
                {
                    if (summaries.TryGetValue(d.VersionId, out var summary))
                    {
                        rows.Add(new Row(department.Id, department.Name, path, d.Slug, d.Title, d.Kind, summary.Figures,
                            summary.Passed, summary.Rounding, summary.Errors, d.Version, d.PublishedAt, d.ApprovedOn) { NameRank = department.NameRank });
                    }
                }
            }
        }

        var sort = Sort?.Trim() ?? "";
        var descending = sort.StartsWith('-');
        var column = Columns.FirstOrDefault(c => c.Key == sort.TrimStart('-')) ?? Columns[0];
        SortBy = (column.Key, descending && column.Key == sort.TrimStart('-'));
        Rows = Sorted(rows, column, SortBy.Descending);
        return true;
    }

    private static readonly KeyFigures NoFigures = new();

    /// <summary>Blanks (no figure, not published) always last, whichever the direction; ties by department name.</summary>
    private static List<Row> Sorted(List<Row> rows, Column column, bool descending)
    {
        var present = rows.Where(r => column.Value(r) is not null);
        var ordered = descending
            ? present.OrderByDescending(column.Value)
            : present.OrderBy(column.Value);
        return ordered.ThenBy(r => r.Department, StringComparer.Ordinal).ThenBy(r => r.Kind)
            .Concat(rows.Where(r => column.Value(r) is null).OrderBy(r => r.Department, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>
    /// 万元 with thousands separators, two decimals at least, six at most. A figure of two decimals or fewer (nearly all)
    /// takes the standard format, which gives the same text several times faster than the custom one.
    /// </summary>
    public static string Amount(decimal? value) => value switch
    {
        null => "",
        { Scale: <= 2 } v => v.ToString("N2", CultureInfo.InvariantCulture),
        { } v => v.ToString("#,##0.00####", CultureInfo.InvariantCulture),
    };

    /// <summary>Sums per kind (budgets and final accounts are never added together); null where no row has the figure.</summary>
    public static decimal? Sum(IEnumerable<Row> rows, Func<KeyFigures, decimal?> figure)
    {
        var values = rows.Select(r => figure(r.Figures)).Where(v => v is not null).ToList();
        return values.Count == 0 ? null : values.Sum();
    }

    private static void WriteCsv(IEnumerable<Row> rows, Stream output)
    {
        using var csv = new OpenDataCsv(output);
        foreach (var header in new[]
        {
            "部门", "地区", "类型", "公开文件", "收入总计（万元）", "支出总计（万元）", "基本支出（万元）", "项目支出（万元）", "“三公”经费（万元）",
            "勾稽关系通过", "勾稽关系尾差", "勾稽关系不一致", "公开状态", "公开日期", "批复日期", "网址",
        })
        {
            csv.Text(header);
        }

        csv.EndRow();

        // Two decimals at least (万元 as published), never fewer digits than stored.
        const string plain = "0.00####";
        foreach (var r in rows)
        {
            csv.Text(r.Department);
            csv.Text(r.Region);
            csv.Text(r.KindLabel);
            csv.Text(r.Title);
            csv.Number(r.Figures.TotalIncome, plain);
            csv.Number(r.Figures.TotalExpenditure, plain);
            csv.Number(r.Figures.Basic, plain);
            csv.Number(r.Figures.Project, plain);
            csv.Number(r.Figures.ThreePublic, plain);
            csv.Number(r.Passed);
            csv.Number(r.Rounding);
            csv.Number(r.Errors);
            csv.Text(r.Status);
            csv.Text(r.PublishedAt?.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.Text(r.ApprovedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.Text(r.Slug is null ? null : $"/disclosures/{r.Slug}");
            csv.EndRow();
        }
    }
}
