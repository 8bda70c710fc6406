using System.Globalization;
using System.Security;
using System.Text;

namespace BudgetPortal.Core.Charts;

/// <summary>One series of a bar chart: a value per category (null = not given, drawn as no bar, never as 0).</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<decimal?> Values);

/// <summary>
/// A bar chart rendered as inline SVG on the server (no script, no CDN): grouped bars, or stacked with the total on
/// top. Categories are labelled on two parts ("2023年" / "预算", or a code and its name); a label is never cut: the
/// second part wraps onto as many lines as it needs and the chart grows to fit. With <see cref="Links"/>, each bar
/// links to where its figure comes from (the table row on the disclosure page). Colours are presentation attributes, not
/// <c>style</c>, so the page's Content-Security-Policy (style-src 'self') does not strip them. The SVG is a picture
/// (<c>role="img"</c> with a title); the page puts the same figures in an HTML table after it.
/// </summary>
public sealed record BarChart(string Title, IReadOnlyList<(string Line1, string? Line2)> Categories, IReadOnlyList<ChartSeries> Series, bool Stacked,
    IReadOnlyList<string?>? Links = null)
{
    private const int Width = 420;
    private const int Height = 250;
    private const int Left = 58;
    private const int Right = 8;
    private const int Top = 22;
    private const int PlotBottom = 178;
    private const string Ink = "#1d232b";
    private const string Muted = "#4f5b67";
    private const string Grid = "#d5dbe1";

    public static string Format(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>True when no series has a figure in any category: nothing to draw.</summary>
    public bool IsEmpty => Series.All(s => s.Values.All(v => v is null));

    public string ToSvg(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var svg = new StringBuilder();
        var title = Escape(Title);
        var slot = (double)(Width - Left - Right) / Math.Max(1, Categories.Count);
        var labels = Categories.Select(c => (c.Line1, More: c.Line2 is null ? [] : WrapLabel(c.Line2, slot - 4))).ToList();
        var height = Height + (Math.Max(0, labels.Select(l => l.More.Count).DefaultIfEmpty(0).Max() - 1) * 15);
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {Width} {height}" role="img" aria-labelledby="{id}-title" font-size="12" font-family="sans-serif">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{title}（万元）</title>""");

        var top = Categories.Select((_, i) => Stacked
            ? Series.Sum(s => Math.Max(0m, s.Values.ElementAtOrDefault(i) ?? 0m))
            : Series.Max(s => s.Values.ElementAtOrDefault(i) ?? 0m)).DefaultIfEmpty(0m).Max();
        var (step, max) = NiceScale(top);
        var plotHeight = PlotBottom - Top;
        double Y(decimal value) => PlotBottom - ((double)(value / max) * plotHeight);

        for (var tick = 0m; tick <= max; tick += step)
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{y:0.#}" y2="{y:0.#}" stroke="{(tick == 0 ? Muted : Grid)}" stroke-width="1"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 4}" y="{y + 4:0.#}" text-anchor="end" fill="{Muted}">{tick.ToString("#,##0.##", CultureInfo.InvariantCulture)}</text>""");
        }

        var group = Math.Min(slot * 0.7, Stacked ? 64 : 40 * Series.Count);
        var barWidth = Stacked ? group : group / Math.Max(1, Series.Count);
        for (var i = 0; i < Categories.Count; i++)
        {
            var x0 = Left + (slot * i) + ((slot - group) / 2);
            var (line1, line2) = Categories[i];
            var label = line2 is null ? line1 : $"{line1} {line2}";
            var centre = Left + (slot * i) + (slot / 2);
            var link = Links is not null && i < Links.Count ? Links[i] : null;
            if (link is not null)
            {
                // A pointer's shortcut: keyboard and screen-reader users get the same links in the figures table.
                svg.Append(CultureInfo.InvariantCulture, $"""<a href="{Escape(link)}" tabindex="-1" class="bar-link">""");
            }

            if (Stacked)
            {
                var baseline = 0m;
                foreach (var series in Series)
                {
                    if (series.Values.ElementAtOrDefault(i) is not { } value || value <= 0)
                    {
                        continue;
                    }

                    Bar(svg, x0, Y(baseline + value), barWidth, Y(baseline) - Y(baseline + value), series, label, value);
                    baseline += value;
                }

                if (Series.Any(s => s.Values.ElementAtOrDefault(i) is not null))
                {
                    svg.Append(CultureInfo.InvariantCulture, $"""<text x="{centre:0.#}" y="{Y(baseline) - 4:0.#}" text-anchor="middle" fill="{Ink}">{Format(baseline)}</text>""");
                }
            }
            else
            {
                for (var s = 0; s < Series.Count; s++)
                {
                    if (Series[s].Values.ElementAtOrDefault(i) is not { } value)
                    {
                        continue;
                    }

                    var x = x0 + (barWidth * s);
                    var y = Y(Math.Max(0m, value));
                    Bar(svg, x, y, Math.Max(1, barWidth - 2), PlotBottom - y, Series[s], label, value);
                    if (Series.Count == 1 || barWidth >= 44)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + ((barWidth - 2) / 2):0.#}" y="{y - 4:0.#}" text-anchor="middle" fill="{Ink}" font-size="11">{Format(value)}</text>""");
                    }
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{centre:0.#}" y="{PlotBottom + 16}" text-anchor="middle" fill="{Ink}">{Escape(line1)}</text>""");
            for (var l = 0; l < labels[i].More.Count; l++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{centre:0.#}" y="{PlotBottom + 31 + (l * 15)}" text-anchor="middle" fill="{Muted}">{Escape(labels[i].More[l])}</text>""");
            }

            if (link is not null)
            {
                svg.Append("</a>");
            }
        }

        // Legend: one swatch per series, wrapped onto a second line when needed.
        double lx = Left, ly = height - 26;
        foreach (var series in Series)
        {
            var w = 18 + (series.Name.Length * 12) + 14;
            if (lx + w > Width - Right && lx > Left)
            {
                lx = Left;
                ly += 16;
            }

            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{lx:0.#}" y="{ly - 10:0.#}" width="12" height="12" fill="{series.Color}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{lx + 16:0.#}" y="{ly:0.#}" fill="{Ink}">{Escape(series.Name)}</text>""");
            lx += w;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, double x, double y, double width, double height, ChartSeries series, string category, decimal value) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"""<rect x="{x:0.##}" y="{y:0.##}" width="{width:0.##}" height="{Math.Max(0.5, height):0.##}" fill="{series.Color}"><title>{Escape(category)} {Escape(series.Name)}：{Format(value)} 万元</title></rect>""");

    /// <summary>
    /// A label cut into lines that fit <paramref name="width"/> pixels at the chart's 12 px type (a CJK character is
    /// about 12 px wide, a Latin letter or digit about 7): every character is kept.
    /// </summary>
    public static List<string> WrapLabel(string text, double width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var used = 0.0;
        foreach (var ch in text)
        {
            var w = ch < 0x2E80 ? 7.0 : 12.0;
            if (line.Length > 0 && used + w > Math.Max(width, 14))
            {
                lines.Add(line.ToString());
                line.Clear();
                used = 0;
            }

            line.Append(ch);
            used += w;
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>A round axis maximum at or above the largest figure, with 3–5 steps of 1, 2, 2.5 or 5 × 10ⁿ.</summary>
    public static (decimal Step, decimal Max) NiceScale(decimal top)
    {
        if (top <= 0)
        {
            return (1m, 4m);
        }

        var raw = (double)top / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        var stepDecimal = (decimal)step;
        var max = Math.Ceiling(top / stepDecimal) * stepDecimal;
        return (stepDecimal, max == top ? max + stepDecimal : max);
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
