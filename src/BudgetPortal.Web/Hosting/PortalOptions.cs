using System.ComponentModel.DataAnnotations;

namespace BudgetPortal.Web.Hosting;

/// <summary>Settings under <c>Portal:</c> in configuration.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the embedded PostgreSQL (used only when ConnectionStrings:Portal is not set).</summary>
    [Required]
    public string DataPath { get; set; } = ".data";

    /// <summary>Apply EF Core migrations at start-up.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Load the reference disclosures into an empty database at start-up.</summary>
    public bool SeedReferenceData { get; set; } = true;

    /// <summary>An extra folder of table-set files (*.json) loaded at start-up after the built-in ones.</summary>
    public string? TableSetPath { get; set; }

    /// <summary>Folder of the reference disclosure files; defaults to ReferenceData next to the app.</summary>
    public string? ReferenceDataPath { get; set; }
}
