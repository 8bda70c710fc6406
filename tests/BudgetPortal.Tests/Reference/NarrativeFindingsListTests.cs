using BudgetPortal.Core.Checks;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BudgetPortal.Tests.Reference;

/// <summary>
/// Every narrative finding (rules W, T and the misprint notes) on each reference disclosure as published, written to
/// the test output as the list kept in the team notes (rule, section, sentence fragment, class); the count of problems
/// per rule is pinned by PublishedFindingsTests.
/// </summary>
public sealed class NarrativeFindingsListTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public void EveryNarrativeFindingIsListed(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);
        var set = TableSetJson.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TableSets", document.TableSet + ".json")), document.TableSet!);

        var findings = CheckEngine.Run(document, [], [.. set.Rules.Where(r => r.Kind is "narrative" or "text")], set: set).Findings
            .Where(f => f.Severity is not (Severity.Pass or Severity.Info)).ToList();

        foreach (var f in findings)
        {
            output.WriteLine($"| {slug} | {f.Rule} | {f.Table} | {f.Row?.Replace("|", "/", StringComparison.Ordinal)} | {f.Severity} | {f.Message?.Replace("|", "/", StringComparison.Ordinal)} |");
        }

        findings.ShouldNotBeEmpty();
    }
}
