using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Tests.Regions;

/// <summary>
/// The four published budgets of 上海市普陀区 in ../shared/region-samples/shanghai-putuo/, read with the region's own
/// table sets (data/table-sets/shanghai-district-*.json). Nothing of them is in the repository: only their file names.
/// </summary>
public static class PutuoSamples
{
    public const string Region = "shanghai-putuo";

    public const string DepartmentSet = "shanghai-district-budget";
    public const string UnitSet = "shanghai-district-unit-budget";

    /// <summary>Sample file (without extension) → slug in the portal and the table set it is read with.</summary>
    public static readonly IReadOnlyList<(string File, string Slug, string Set)> Documents =
    [
        ("wanli-2023-budget", "putuo-wanli-2023-budget", DepartmentSet),
        ("wanli-2024-budget", "putuo-wanli-2024-budget", DepartmentSet),
        ("wanli-2025-budget", "putuo-wanli-2025-budget", DepartmentSet),
        ("fuliyuan-2024-unit-budget", "putuo-fuliyuan-2024-budget", UnitSet),
    ];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var document in Documents)
        {
            data.Add(document.File);
        }

        return data;
    }

    public static TableSetDefinition Set(string code)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TableSets", code + ".json");
        return TableSetJson.Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    private static readonly Dictionary<string, DisclosureDocument> Cache = [];

    /// <summary>The sample read from its pdftotext text into a disclosure of the region's set.</summary>
    public static DisclosureDocument Read(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var document))
            {
                var (_, slug, set) = Documents.Single(d => d.File == file);
                var text = File.ReadAllText(RegionSamples.File(Region, file + ".txt"));
                document = ShanghaiBudgetText.Read(text, Set(set), slug, ["上海市", "普陀区"]);
                Cache[file] = document;
            }

            return document;
        }
    }

    public static string PdfPath(string file) => RegionSamples.File(Region, file + ".pdf");
}
