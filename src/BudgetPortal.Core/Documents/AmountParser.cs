using System.Globalization;
using System.Text;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// Reads an amount typed or pasted by a person: tolerant in form (thousands separators, full-width digits and
/// punctuation, spaces, a trailing 万元), strict in meaning (anything that is not a number is an error, never zero).
/// Blank stays blank.
/// </summary>
public static class AmountParser
{
    public static bool TryParse(string? input, out decimal? value, out string? error)
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
        if (text.EndsWith("万元", StringComparison.Ordinal))
        {
            text = text[..^2];
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
