using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Disclosures;

public sealed class ChecksModel(DocumentLoader documents, DisclosureCheckService checks) : PageModel
{
    public DisclosureDocument Document { get; private set; } = null!;
    public CheckReport Report { get; private set; } = new([]);

    public IEnumerable<Finding> Problems => Report.Findings
        .Where(f => f.Severity is not (Severity.Pass or Severity.Info))
        .OrderByDescending(f => f.Severity == Severity.Error)
        .ThenByDescending(f => f.Severity == Severity.Rounding);

    public IReadOnlyList<Finding> Completion => [.. Report.Findings.Where(f => f.Severity == Severity.Info)];

    public IEnumerable<IGrouping<string, Finding>> PassedByRule => Report.Findings
        .Where(f => f.Severity == Severity.Pass)
        .GroupBy(f => $"{f.Rule} {f.Description}");

    public async Task<IActionResult> OnGetAsync(string slug, int? version, CancellationToken ct)
    {
        var document = await documents.LoadPublishedAsync(slug, version, ct);
        if (document is null)
        {
            return NotFound();
        }

        Document = document;
        Report = await checks.RunAsync(document, ct);
        return Page();
    }
}
