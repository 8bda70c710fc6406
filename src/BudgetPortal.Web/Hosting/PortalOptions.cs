using System.ComponentModel.DataAnnotations;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Settings under <c>Portal:</c> in configuration: the one typed source for them (nothing reads a <c>Portal:</c> key as
/// a raw string), bound and validated when the host starts, so a bad value stops the start with its name.
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the embedded PostgreSQL (used only when ConnectionStrings:Portal is not set).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataPath { get; set; } = ".data";

    /// <summary>
    /// Demo mode (<c>./run.sh demo</c>): the reference disclosures and the documented demo accounts, unless
    /// <see cref="SeedReferenceData"/> or <see cref="DemoAccounts"/> say otherwise. Off in production.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>Apply EF Core migrations at start-up.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Load the reference disclosures into an empty database at start-up; defaults to <see cref="Demo"/>.</summary>
    public bool? SeedReferenceData { get; set; }

    public bool SeedsReferenceData => SeedReferenceData ?? Demo;

    /// <summary>An extra folder of table-set files (*.json) loaded at start-up after the built-in ones.</summary>
    public string? TableSetPath { get; set; }

    /// <summary>Folder of the reference disclosure files; defaults to ReferenceData next to the app.</summary>
    public string? ReferenceDataPath { get; set; }

    /// <summary>Generate published synthetic disclosures up to this many in all (scale tests and benchmarks); 0 = none.</summary>
    [Range(0, 1_000_000)]
    public int SyntheticDisclosures { get; set; }

    /// <summary>Create the documented demo accounts (one per role); defaults to <see cref="Demo"/>.</summary>
    public bool? DemoAccounts { get; set; }

    public bool CreatesDemoAccounts => DemoAccounts ?? Demo;

    /// <summary>A log file (rolled daily) besides the console; none when empty.</summary>
    public string? LogFile { get; set; }

    /// <summary>The output cache's size limit in bytes (in memory; Redis has its own).</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long OutputCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The TrueType/OpenType font file for PDFs; when empty the usual system CJK fonts are tried.</summary>
    public string? PdfFont { get; set; }

    /// <summary>The first administrator, created at start-up if missing (<c>Portal:Admin:Email</c>, <c>Portal:Admin:Password</c>).</summary>
    public AdminAccount Admin { get; set; } = new();
}

public sealed class AdminAccount
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}
