using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// A unit in which amounts are printed (元, 千元, 万元, 亿元), with its size in 元 as an exact decimal. Tables of one
/// disclosure may be printed in different units (a district prints its budget tables in 元 and its 三公 table in 万元),
/// so every comparison or sum across tables goes through a common base (<see cref="ToBase"/>, 元) and every total
/// shown to people is converted to one stated unit (<see cref="Reporting"/>, 万元) first.
/// </summary>
public sealed record AmountUnit
{
    public static readonly AmountUnit Yuan = new("元", 1m);
    public static readonly AmountUnit ThousandYuan = new("千元", 1_000m);
    public static readonly AmountUnit TenThousandYuan = new("万元", 10_000m);
    public static readonly AmountUnit HundredMillionYuan = new("亿元", 100_000_000m);

    /// <summary>The unit in which the portal states figures it adds or compares across tables and disclosures.</summary>
    public static readonly AmountUnit Reporting = TenThousandYuan;

    /// <summary>Every unit the portal reads, longest name first so that "万元" is not read as "元".</summary>
    public static readonly IReadOnlyList<AmountUnit> All = [HundredMillionYuan, TenThousandYuan, ThousandYuan, Yuan];

    private AmountUnit(string name, decimal factor)
    {
        Name = name;
        Factor = factor;
    }

    /// <summary>As printed: 元, 千元, 万元, 亿元.</summary>
    public string Name { get; }

    /// <summary>How many 元 one of this unit is.</summary>
    public decimal Factor { get; }

    /// <summary>The value in 元, exact.</summary>
    public decimal ToBase(decimal value) => value * Factor;

    /// <summary>A value in 元 expressed in this unit (exact up to decimal's 28 digits; not rounded for printing).</summary>
    public decimal FromBase(decimal yuan) => yuan / Factor;

    /// <summary>A value of this unit expressed in <paramref name="target"/>.</summary>
    public decimal To(AmountUnit target, decimal value) => ReferenceEquals(target, this) ? value : target.FromBase(ToBase(value));

    /// <summary>Half of the last printed digit, in 元: how far a figure printed with <paramref name="decimals"/> decimals may be from the exact amount.</summary>
    public decimal RoundingInBase(int decimals) => 0.5m * PowerOfTen(-decimals) * Factor;

    /// <summary>"1,234,567.00 元": the figure as printed with its decimals, thousands separators and unit.</summary>
    public string Format(decimal value, int decimals) =>
        value.ToString("N" + Math.Max(decimals, 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Name;

    public override string ToString() => Name;

    /// <summary>
    /// Reads a unit as a table or a heading prints it: "万元", "单位：元", "金额单位：万元", "单位:人民币万元". Null when the
    /// text names no known unit.
    /// </summary>
    public static AmountUnit? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOfAny(['：', ':']);
        if (colon >= 0)
        {
            trimmed = trimmed[(colon + 1)..].Trim();
        }

        trimmed = trimmed.Replace("人民币", "", StringComparison.Ordinal).Trim().TrimEnd('）', ')').TrimStart('（', '(').Trim();
        return All.FirstOrDefault(u => u.Name == trimmed);
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out AmountUnit? unit)
    {
        unit = Parse(text);
        return unit is not null;
    }

    /// <summary>The unit of a table: its own if it names a known one, else 万元 (what every table set before units were data printed).</summary>
    public static AmountUnit OfTable(TableDocument table) => Parse(table.Unit) ?? TenThousandYuan;

    /// <summary>10^exponent as an exact decimal (Math.Pow goes through double).</summary>
    public static decimal PowerOfTen(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent < 0 ? result / 10m : result * 10m;
        }

        return result;
    }
}

/// <summary>A figure as printed: its value, the unit it is printed in and how many decimals it shows.</summary>
public readonly record struct PrintedAmount(decimal Value, AmountUnit Unit, int Decimals)
{
    /// <summary>The value in 元, exact.</summary>
    public decimal InBase => Unit.ToBase(Value);

    /// <summary>How far, in 元, the exact amount may be from the printed one (half the last printed digit).</summary>
    public decimal RoundingInBase => Unit.RoundingInBase(Decimals);

    /// <summary>The value in another unit.</summary>
    public decimal In(AmountUnit unit) => Unit.To(unit, Value);

    public override string ToString() => Unit.Format(Value, Decimals);
}
