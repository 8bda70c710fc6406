using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// Reads an amount typed or pasted by a person, or read from a workbook cell stored as text: tolerant in form
/// (thousands separators, full-width digits and punctuation, spaces, a trailing unit), strict in meaning (anything that
/// is not a number is an error, never zero; a separator that could be read two ways is an error, never a guess; a
/// trailing unit other than the table's is an error, never a figure in the wrong unit). Blank stays blank. The grid,
/// the workbook importer and the exchange format (<see cref="DisclosureValidator"/>) all read numeric cells through
/// this class, so that they accept and refuse the same things.
/// </summary>
public static partial class AmountParser
{
    /// <summary>
    /// Non-numeric marks that published tables print in numeric columns ("not applicable"); kept as printed, as text.
    /// </summary>
    public static readonly IReadOnlySet<string> Marks = new HashSet<string>(StringComparer.Ordinal) { "-", "—", "－", "/", "——", "–" };

    public static bool IsMark(string? text) => text is not null && Marks.Contains(text.Trim());

    /// <summary>
    /// Reads a numeric cell: a number, one of the <see cref="Marks"/> (kept as text), or blank. The number is also
    /// checked against the storage range (<see cref="StorageLimits.MaxMagnitude"/>).
    /// </summary>
    public static bool TryParseCell(string? input, out CellValue cell, out string? error) => TryParseCell(input, null, out cell, out error);

    /// <param name="unit">The table's unit (see <see cref="TryParse(string?, AmountUnit?, out decimal?, out string?)"/>).</param>
    public static bool TryParseCell(string? input, AmountUnit? unit, out CellValue cell, out string? error)
    {
        cell = CellValue.Blank;
        if (IsMark(input))
        {
            cell = CellValue.Of(input!.Trim());
            error = null;
            return true;
        }

        if (!TryParse(input, unit, out var value, out error))
        {
            return false;
        }

        if (value is { } number)
        {
            if (StorageLimits.OutOfRange(number) is { } range)
            {
                error = $"“{input!.Trim()}”{range}";
                return false;
            }

            cell = CellValue.Of(number);
        }

        return true;
    }

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
        foreach (var ch in input.Normalize(NormalizationForm.FormKC).Trim())
        {
            // Every kind of space becomes one space: inside a number it can only be a thousands separator.
            builder.Append(char.IsWhiteSpace(ch) ? ' ' : ch switch { '。' => '.', '−' or '–' or '—' => '-', _ => ch });
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
            text = text[..^written.Name.Length].TrimEnd();
        }

        if (text.Length > 1 && text[0] == '(' && text[^1] == ')')
        {
            text = "-" + text[1..^1].Trim();
        }

        var match = NumberPattern().Match(text);
        if (match.Success)
        {
            var plain = match.Groups["sign"].Value + match.Groups["int"].Value.Replace(",", "", StringComparison.Ordinal)
                .Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal) + match.Groups["frac"].Value;
            if (decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                value = number;
                return true;
            }

            error = $"“{input.Trim()}”超出金额允许的范围";
            return false;
        }

        error = text.Any(c => c is ',' or ' ' or '\'' or '、') && text.Any(char.IsAsciiDigit)
            ? $"“{input.Trim()}”不是金额：千分位分隔符只能把整数部分按每三位数字分组（如 1,234.56），小数点请用“.”"
            : $"“{input.Trim()}”不是金额";
        return false;
    }

    /// <summary>
    /// A sign, an integer part either plain or grouped by one kind of separator in groups of exactly three digits
    /// ("236,77" is not a number: it could mean 236.77 or 23,677), then an optional decimal part.
    /// </summary>
    [GeneratedRegex(@"^(?<sign>[+-]?)(?<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]{1,3}(?:'[0-9]{3})+|[0-9]+|(?=\.[0-9]))(?<frac>\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
