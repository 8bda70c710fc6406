using BudgetPortal.Core.TableSets;
using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.TableSets;

public sealed class ShowModel(TableSetStore store) : PageModel
{
    public TableSetDefinition Set { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var set = await store.LoadAsync(code, ct);
        if (set is null)
        {
            return NotFound();
        }

        Set = set;
        return Page();
    }
}
