using BudgetPortal.Core.Documents;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data.Seeding;

/// <summary>Fills an empty database with the five reference disclosures shipped in ReferenceData/*.json.</summary>
public static class ReferenceData
{
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    public static IReadOnlyList<DisclosureDocument> LoadAll(string folder) =>
        !Directory.Exists(folder) ? [] : Directory.GetFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => DisclosureJson.Parse(File.ReadAllText(f), Path.GetFileName(f)))
            .ToList();

    public static async Task<int> SeedIfEmptyAsync(PortalDbContext db, DisclosureImporter importer, string folder, ILogger logger, CancellationToken ct)
    {
        if (await db.Disclosures.AnyAsync(ct))
        {
            return 0;
        }

        var documents = LoadAll(folder);
        foreach (var document in documents)
        {
            await importer.ImportPublishedAsync(document, ct);
            logger.LogInformation("Loaded reference disclosure {Slug} ({Tables} tables)", document.Slug, document.Tables.Count);
        }

        return documents.Count;
    }
}
