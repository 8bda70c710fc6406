using System.Text.RegularExpressions;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// The document's own 名词解释: "9.基本支出：指保障机构正常运转……" read into term → definition, so that a headline figure can
/// be explained in the words the department itself published (never in words of ours that it did not say).
/// </summary>
public static partial class Glossary
{
    public static IReadOnlyDictionary<string, string> From(DisclosureDocument document)
    {
        var terms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in document.Sections.Where(s => s.Title.Contains("名词解释", StringComparison.Ordinal)))
        {
            foreach (Match m in Entry().Matches(section.Body))
            {
                var term = m.Groups["term"].Value.Trim().Trim('“', '”', '"', '*');
                terms.TryAdd(Normalise(term), m.Groups["definition"].Value.Trim());
            }
        }

        return terms;
    }

    /// <summary>The definition of a term, whatever quotes the document put around it ("三公"经费, “三公”经费, 三公经费).</summary>
    public static string? Define(IReadOnlyDictionary<string, string> glossary, string term) =>
        glossary.TryGetValue(Normalise(term), out var definition) ? definition : null;

    private static string Normalise(string term) => term.Replace("“", "").Replace("”", "").Replace("\"", "").Replace(" ", "");

    // A numbered line ("9.", "9、", "（9）") or a line of its own, then the term, a full-width or ASCII colon, the definition.
    [GeneratedRegex(@"(?m)^\s*(?:[（(]?\d{1,2}[)）.、．]\s*)?(?<term>[^：:\n]{2,30})[：:]\s*(?<definition>[^\n]+)$")]
    private static partial Regex Entry();
}
