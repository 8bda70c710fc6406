using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// The one place where a rule's comparison becomes a finding, so that every rule kind (sums, rows, hierarchies, code
/// equalities, narrative figures, completion against the budget) means the same by 尾差 and by 不一致.
/// <para>Figures are compared exactly in a common base (元). Each printed figure may be off by half its last printed digit
/// in its own unit (a 万元 figure with 2 decimals: 50 元; a 元 figure with 2 decimals: 0.005 元), so the tolerance of a
/// relation is the sum of those halves over every figure on both sides. The finding states its numbers in the unit of
/// its <see cref="Finding.Actual"/> figure (<see cref="Finding.Unit"/>), and its message names each figure in its own unit.</para>
/// </summary>
internal static class Comparison
{
    /// <summary>Pass when the relation holds exactly, 尾差 when the difference is within the tolerance, else 不一致.</summary>
    public static Severity Judge(decimal difference, decimal tolerance, string? relation)
    {
        var atMost = relation == "le";
        var holds = atMost ? difference <= 0 : difference == 0;
        var within = atMost ? difference <= tolerance : Math.Abs(difference) <= tolerance;
        return holds ? Severity.Pass : within ? Severity.Rounding : Severity.Error;
    }

    /// <summary>
    /// <paramref name="actual"/> against the sum of <paramref name="expected"/> (signed values). Unless
    /// <paramref name="figuresInMessage"/> is false (the caller already quoted them), a finding that does not pass
    /// ends its message with the figures of both sides, each in its own unit.
    /// </summary>
    public static Finding Of(
        CheckRule rule, string? table, string? row, string? column, PrintedAmount actual, IReadOnlyList<PrintedAmount> expected,
        string? message, bool figuresInMessage = true)
    {
        var unit = actual.Unit;
        var expectedValue = expected.Sum(e => e.In(unit));
        var difference = actual.Value - expectedValue;
        var tolerance = unit.FromBase(actual.RoundingInBase + expected.Sum(e => e.RoundingInBase));
        var severity = rule.Relation != "le" && IsPrintedRounding(actual, expected) ? Severity.Pass : Judge(difference, tolerance, rule.Relation);
        if (severity != Severity.Pass && figuresInMessage)
        {
            var figures = $"{actual} 对照 {Describe(expected)}";
            message = string.IsNullOrEmpty(message) ? figures : $"{message}：{figures}";
        }

        return new Finding
        {
            Rule = rule.Id,
            Description = rule.Description,
            Severity = severity,
            Table = table,
            Row = row,
            Column = column,
            Expected = expectedValue,
            Actual = actual.Value,
            Difference = difference,
            Tolerance = tolerance,
            Unit = unit.Name,
            Message = message,
        };
    }

    /// <summary>
    /// True when one side is a single figure printed more coarsely than every figure of the other side and is exactly
    /// that side's value rounded to its own printed unit and decimals (123.46 万元 against 1,234,567.00 元): the figure is
    /// right as printed, not a 尾差. Equality relations only.
    /// </summary>
    public static bool IsPrintedRounding(PrintedAmount actual, IReadOnlyList<PrintedAmount> expected)
    {
        if (expected.Count == 0)
        {
            return false;
        }

        if (expected.All(e => e.RoundingInBase < actual.RoundingInBase))
        {
            return actual.Value == RoundAsPrinted(expected.Sum(e => e.In(actual.Unit)), actual.Decimals);
        }

        return expected.Count == 1 && expected[0] is var coarse && actual.RoundingInBase < coarse.RoundingInBase
            && coarse.Value == RoundAsPrinted(actual.In(coarse.Unit), coarse.Decimals);

        static decimal RoundAsPrinted(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>A finding that is not a comparison (a rule that cannot run, a misprint, information) of a rule.</summary>
    public static Finding Note(CheckRule rule, Severity severity, string? message, string? table = null, string? row = null, string? fallbackDescription = null) => new()
    {
        Rule = rule.Id,
        Description = string.IsNullOrEmpty(rule.Description) ? fallbackDescription ?? "" : rule.Description,
        Severity = severity,
        Table = table,
        Row = row,
        Message = message,
    };

    /// <summary>The sum of figures, stated per unit so that no figure is shown in a unit it was not printed in.</summary>
    public static string Describe(IReadOnlyList<PrintedAmount> figures)
    {
        if (figures.Count == 0)
        {
            return "0";
        }

        if (figures.Count == 1)
        {
            return figures[0].ToString();
        }

        return string.Join(" + ", figures.GroupBy(f => f.Unit).Select(g =>
            new PrintedAmount(g.Sum(f => f.Value), g.Key, g.Max(f => f.Decimals)).ToString()));
    }
}
