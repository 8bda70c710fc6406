using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Web.Hosting;

/// <summary>Command-line verbs of the portal binary (run instead of the web server).</summary>
public static class PortalCommands
{
    /// <summary>
    /// <c>derive-table-set &lt;disclosure.json&gt; &lt;code&gt; &lt;name&gt;</c>: prints a table-set file started from a
    /// transcribed disclosure (tables and columns; rules are then written by hand). <c>check-table-set &lt;file&gt;</c>:
    /// validates a table-set file. Returns null when the arguments name no command.
    /// </summary>
    public static int? TryRun(string[] args)
    {
        switch (args)
        {
            case ["derive-table-set", var file, var code, var name]:
                var document = DisclosureJson.Parse(File.ReadAllText(file), Path.GetFileName(file));
                var codes = BudgetPortal.Core.CodeLists.CodeBook.LoadFolder(Path.Combine(AppContext.BaseDirectory, "CodeLists"));
                Console.WriteLine(TableSetJson.Serialize(TableSetDerivation.From(document, code, name, codes)));
                return 0;
            case ["check-table-set", var file]:
                try
                {
                    var set = TableSetJson.Parse(File.ReadAllText(file), Path.GetFileName(file));
                    Console.WriteLine($"{set.Code}：{set.Tables.Count} 张表，{set.Rules.Count} 条规则，格式正确。");
                    return 0;
                }
                catch (DisclosureFormatException ex)
                {
                    foreach (var error in ex.Errors)
                    {
                        Console.Error.WriteLine(error);
                    }

                    return 1;
                }

            default:
                return null;
        }
    }
}
