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

    /// <summary>Generate published synthetic disclosures up to this many in all (scale tests and benchmarks); 0 = none.</summary>
    public int SyntheticDisclosures { get; set; }

    /// <summary>Create the documented demo accounts (one per role). Defaults to on with the embedded database only.</summary>
    public bool? DemoAccounts { get; set; }

    /// <summary>The first administrator, created at start-up if missing (<c>Portal:Admin:Email</c>, <c>Portal:Admin:Password</c>).</summary>
    public AdminAccount Admin { get; set; } = new();
}

public sealed class AdminAccount
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}
