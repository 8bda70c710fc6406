using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

public static partial class CheckEngine
{
    /// <summary>
    /// The <c>text</c> rule (J22/Y11): amounts quoted in the narrative (情况说明) against the tables. A quoted figure is
    /// read in the unit the text prints after it (the pattern's group <c>unit</c>, else the text the pattern matched
    /// after the amount: 元, 千元, 万元 or 亿元; 万元 when it names none) and is rounded to its own last decimal
    /// ("2220.4万元" to 0.1 万元), so the tolerance is half a digit of the text figure plus half a digit of the table
    /// figure, each in its own unit. A number written with more than one decimal point ("12.884.35") is read with the
    /// last point as the decimal point and reported as a misprint (a warning) besides the comparison.
    /// </summary>
    private sealed partial class RuleContext
    {
        private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

        public void Text()
        {
            if (string.IsNullOrEmpty(rule.Pattern))
            {
                ConfigError("text 规则需要 pattern");
                return;
            }

            Regex pattern;
            try
            {
                pattern = new Regex(rule.Pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                ConfigError($"pattern 不是有效的正则表达式（{e.Message}）");
                return;
            }

            foreach (var section in document.Sections)
            {
                foreach (Match match in pattern.Matches(section.Body))
                {
                    CompareQuoted(section, match);
                }
            }
        }

        private void CompareQuoted(NarrativeSection section, Match match)
        {
            var written = match.Groups["amount"].Value;
            if (!TryReadAmount(written, out var quoted, out var decimals, out var misprint))
            {
                return;
            }

            var unit = QuotedUnit(section.Body, match);
            var snippet = Snippet(section.Body, match);
            if (misprint)
            {
                findings.Add(Comparison.Note(rule, Severity.Hint,
                    $"数字“{written}”书写有误（多个小数点），按 {quoted.ToString(CultureInfo.InvariantCulture)} {unit.Name}核对。", section.Title, snippet));
            }

            var target = TextTarget(match);
            if (target is null)
            {
                // Not every "…支出 X 万元" names a classification row (基本支出, 人员经费支出 …): nothing to compare.
                return;
            }

            var (table, row, column, label) = target.Value;
            var tableFigure = Figure(table, row, column);
            var finding = Comparison.Of(rule, section.Title, snippet, label, new PrintedAmount(quoted, unit, decimals), [tableFigure], null, figuresInMessage: false);
            findings.Add(finding.Severity == Severity.Pass ? finding : finding with { Message = $"文字说明为 {written} {unit.Name}，{label}为 {tableFigure}。" });
        }

        /// <summary>The unit printed after a quoted amount; legacy patterns end in a literal 万元, which reads as 万元.</summary>
        private static AmountUnit QuotedUnit(string body, Match match)
        {
            if (match.Groups["unit"] is { Success: true } unit)
            {
                return AmountUnit.Parse(unit.Value) ?? AmountUnit.TenThousandYuan;
            }

            var amount = match.Groups["amount"];
            var after = amount.Index + amount.Length;
            return AmountUnit.Parse(body[after..(match.Index + match.Length)]) ?? AmountUnit.TenThousandYuan;
        }

        private (TableDocument Table, RowDocument Row, int Column, string Label)? TextTarget(Match match)
        {
            if (rule.Left is { } left)
            {
                var table = FindTable(left.Table);
                var row = table is null ? null : FindRow(table, left.Row);
                var column = table is null ? -1 : LeafIndex(table, left.Column);
                return table is null || row is null || column < 0
                    ? null
                    : (table, row, column, $"{table.Number}“{TermLabel(left, table, row)}”{table.Leaves()[column].Title}");
            }

            var named = rule.Table is null ? null : FindTable(rule.Table);
            var nameGroup = match.Groups["name"];
            if (named is null || rule.Column is null || !nameGroup.Success)
            {
                return null;
            }

            var index = LeafIndex(named, rule.Column);
            var wanted = NormalizeName(nameGroup.Value);
            var candidates = named.Rows.Where(r => r.Role != RowRoles.Total && NormalizeName(r.Name) == wanted).ToList();
            var parent = match.Groups["parent"];
            if (candidates.Count > 1 && parent.Success)
            {
                var parentName = NormalizeName(parent.Value);
                candidates = [.. candidates.Where(r => r.Code is { Length: > 3 } code &&
                    named.Rows.Any(p => p.Code == code[..^2] && NormalizeName(p.Name) == parentName))];
            }

            return index < 0 || candidates.Count != 1
                ? null
                : (named, candidates[0], index, $"{named.Number}“{RowLabel(candidates[0])}”{named.Leaves()[index].Title}");
        }

        private static bool TryReadAmount(string written, out decimal value, out int decimals, out bool misprint) =>
            Narrative.NarrativeReader.TryParseNumber(written.Replace(" ", "", StringComparison.Ordinal), out value, out decimals, out misprint);

        private static string Snippet(string body, Match match)
        {
            var start = match.Index;
            while (start > 0 && match.Index - start < 24 && body[start - 1] is not ('\n' or '。' or '；'))
            {
                start--;
            }

            var end = match.Index + match.Length;
            return (start > 0 && body[start - 1] is not ('\n' or '。' or '；') ? "…" : "") + body[start..end].Trim();
        }
    }
}
