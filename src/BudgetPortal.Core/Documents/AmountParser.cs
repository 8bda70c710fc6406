using System.Globalization;
using System.Text;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// Reads an amount typed or pasted by a person: tolerant in form (thousands separators, full-width digits and
/// punctuation, spaces, a trailing unit), strict in meaning (anything that is not a number is an error, never zero; a
/// trailing unit other than the table's is an error, never a figure in the wrong unit). Blank stays blank.
/// </summary>
public static class AmountParser
{
    public static bool TryParse(string? input, out decimal? value, out string? error) => TryParse(input, null, out value, out error);

    /// <param name="unit">The table's unit: a trailing unit must be it ("12万元" in a 元 table is refused, not read as
    /// 12 元). Without it only a trailing 万元 is accepted.</param>
    public static bool TryParse(string? input, AmountUnit? unit, out decimal? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return true;
        }

        var builder = new StringBuilder(input.Length);
        foreach (var ch in input.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(ch) || ch is ',' or '，' or '、' or '\'')
            {
                continue;
            }

            builder.Append(ch switch { '。' => '.', '−' or '–' or '—' => '-', _ => ch });
        }

        var text = builder.ToString();
        var written = AmountUnit.All.FirstOrDefault(u => text.EndsWith(u.Name, StringComparison.Ordinal));
        if (written is not null && unit is not null && written != unit)
        {
            error = $"“{input.Trim()}”的单位是{written.Name}，本表的金额单位是{unit.Name}：请换算后填写，或修改本表的金额单位";
            return false;
        }

        if (written is not null && (written == unit || (unit is null && written == AmountUnit.TenThousandYuan)))
        {
            text = text[..^written.Name.Length];
        }

        if (text.Length > 0 && text[0] == '(' && text[^1] == ')')
        {
            text = "-" + text[1..^1];
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }

        error = $"“{input.Trim()}”不是金额";
        return false;
    }
}
