using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Layout;

/// <summary>One item of a form's lines above or below its grid: a label/value line, or a task grid.</summary>
public abstract record FormItem;

/// <summary>A label and its value, printed as one line of the form.</summary>
public sealed record FormLine(FieldLine Field) : FormItem;

/// <summary>
/// Numbered lines that share their sub-labels ("年度主要任务1：对应项目", "年度主要任务1：项目下达金额", "年度主要任务2：…")
/// printed as the published forms print them: one row per task, one column per sub-label.
/// </summary>
public sealed record FormGrid(string Title, IReadOnlyList<string> Columns, IReadOnlyList<FormGridRow> Rows) : FormItem
{
    /// <summary>The label of the line behind one cell, as the document stores it.</summary>
    public static string LabelOf(string rowLabel, string column) => $"{rowLabel}：{column}";
}

/// <summary>One task of a grid: its label ("年度主要任务1") and a value per column (null where the form has none).</summary>
public sealed record FormGridRow(string Label, IReadOnlyList<string?> Values);

public static partial class FormLayout
{
    /// <summary>Groups the numbered lines of a form into task grids; every other line stays a line, in document order.</summary>
    public static IReadOnlyList<FormItem> Items(IReadOnlyList<FieldLine> fields)
    {
        var items = new List<FormItem>();
        for (var i = 0; i < fields.Count;)
        {
            var first = TaskLabel().Match(fields[i].Label);
            if (!first.Success)
            {
                items.Add(new FormLine(fields[i++]));
                continue;
            }

            // The run of lines of the same task family ("年度主要任务" + number), however its numbers go.
            var prefix = first.Groups["task"].Value;
            var run = new List<(string Row, string Column, string? Value)>();
            while (i < fields.Count && TaskLabel().Match(fields[i].Label) is { Success: true } m && m.Groups["task"].Value == prefix)
            {
                run.Add((prefix + m.Groups["n"].Value, m.Groups["column"].Value, fields[i].Value));
                i++;
            }

            var rows = run.Select(r => r.Row).Distinct(StringComparer.Ordinal).ToList();
            var columns = run.Select(r => r.Column).Distinct(StringComparer.Ordinal).ToList();
            if (rows.Count < 2 && columns.Count < 2)
            {
                items.AddRange(run.Select(r => new FormLine(new FieldLine { Label = FormGrid.LabelOf(r.Row, r.Column), Value = r.Value })));
                continue;
            }

            var values = run.GroupBy(r => (r.Row, r.Column)).ToDictionary(g => g.Key, g => g.First().Value);
            items.Add(new FormGrid(prefix, columns,
                rows.Select(r => new FormGridRow(r, columns.Select(c => values.GetValueOrDefault((r, c))).ToList())).ToList()));
        }

        return items;
    }

    /// <summary>
    /// A form value that is a plain figure ("4.56", "47.004037", "100%"): the number to store in a workbook and the
    /// Excel format that prints it exactly as the form does. Codes with leading zeros ("071001") are not figures.
    /// </summary>
    public static bool TryFigure(string? text, out decimal number, out string format)
    {
        number = 0;
        format = "General";
        if (text is null || !Figure().IsMatch(text))
        {
            return false;
        }

        var percent = text.EndsWith('%');
        var digits = percent ? text[..^1] : text;
        if (!decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        var scale = digits.Contains('.', StringComparison.Ordinal) ? digits.Length - digits.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        format = (scale == 0 ? "0" : "0." + new string('0', scale)) + (percent ? "%" : "");
        if (percent)
        {
            number /= 100;
        }

        return true;
    }

    [GeneratedRegex(@"^(?<task>[^：:0-9]+?)(?<n>[0-9]+)[：:](?<column>.+)$")]
    private static partial Regex TaskLabel();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,8})?%?$")]
    private static partial Regex Figure();
}
