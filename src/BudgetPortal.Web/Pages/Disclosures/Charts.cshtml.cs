using BudgetPortal.Core.Charts;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Disclosures;

/// <summary>
/// Charts of one disclosure, server-rendered SVG each followed by its figures as a table: expenditure by functional
/// classification with drill-down 类 → 款 → 项 (<c>?fc=210</c>), basic expenditure by economic classification, the
/// 三公经费 parts and income by source.
/// </summary>
public sealed class ChartsModel(DocumentLoader documents, CodeBook codes) : PageModel
{
    /// <summary>A chart and its figures; <see cref="Chart"/> is null for a single figure, which is stated, not drawn as one bar.</summary>
    public sealed record ChartView(string Id, string Title, BarChart? Chart, IReadOnlyList<BreakdownItem> Items, Func<BreakdownItem, string?> Link);

    /// <summary>The table row a figure comes from, on the disclosure page.</summary>
    public string? RowLink(BreakdownItem item) => item.Anchor is null ? null : $"/disclosures/{Document.Slug}#{item.Anchor}";

    public DisclosureDocument Document { get; private set; } = null!;
    public string? Fc { get; private set; }
    public List<(string Code, string Name)> Path { get; private set; } = [];
    public List<ChartView> Charts { get; private set; } = [];

    private static readonly string[] Palette = ["#2b6cb0"];

    public async Task<IActionResult> OnGetAsync(string slug, string? fc, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, null, ct);
        if (document is null || (fc is not null && (fc.Length is not (3 or 5) || !fc.All(char.IsAsciiDigit))))
        {
            return NotFound();
        }

        Document = document;
        Fc = fc;
        string? Name(string code) => codes.Find(code)?.Name;
        for (var length = 3; fc is not null && length <= fc.Length; length += 2)
        {
            var code = fc[..length];
            var level = Breakdowns.Functional(document, length == 3 ? null : fc[..(length - 2)], Name);
            Path.Add((code, level.FirstOrDefault(i => i.Code == code)?.Name ?? Name(code) ?? code));
        }

        var functional = Breakdowns.Functional(document, fc, Name);
        var title = fc is null ? "按支出功能分类（类）" : $"{Path[^1].Code} {Path[^1].Name}：按{(fc.Length == 3 ? "款" : "项")}";
        Add("functional", $"支出{title}", functional, i => i.HasChildren ? $"?fc={i.Code}#functional" : null);
        if (fc is null)
        {
            Add("economic", "基本支出按经济分类", Breakdowns.Economic(document, Name), _ => null);
            var key = KeyFigures.From(document);
            var threePublic = document.Tables.FirstOrDefault(t => !t.Missing && t.Code == "three_public");
            var threePublicAnchor = threePublic is null ? null : Breakdowns.Anchor(document, threePublic, null);
            Add("three-public", "“三公”经费", [.. new[] { ("因公出国（境）费", key.Abroad), ("公务接待费", key.Reception), ("公务用车购置及运行费", key.Vehicles) }
                .Where(x => x.Item2 is not null).Select(x => new BreakdownItem(null, x.Item1, x.Item2!.Value, false, threePublicAnchor))], _ => null);
            Add("income", "收入来源", Breakdowns.Income(document), _ => null);
        }

        return Page();
    }

    private void Add(string id, string title, IReadOnlyList<BreakdownItem> items, Func<BreakdownItem, string?> link)
    {
        if (items.Count == 0)
        {
            return;
        }

        // One bar compares nothing: a single figure is stated in words and in its table.
        var chart = items.Count < 2 ? null : new BarChart(title, [.. items.Select(i => (i.Code ?? i.Name, i.Code is null ? null : i.Name))],
            [new ChartSeries("金额", Palette[0], [.. items.Select(i => (decimal?)i.Amount)])], Stacked: false,
            Links: [.. items.Select(RowLink)]);
        Charts.Add(new ChartView(id, title, chart, items, link));
    }
}
