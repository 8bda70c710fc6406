using System.ComponentModel.DataAnnotations;

namespace BudgetPortal.Web.Workbooks;

/// <summary>Settings under <c>Portal:Import</c>: how many workbook imports run at once and how long a preview lives.</summary>
public sealed class ImportOptions
{
    public const string Section = "Portal:Import";

    /// <summary>
    /// Workbook readings at the same time. Each holds up to a few hundred MB while ClosedXML parses it (see
    /// <c>WorkbookImporter.MaxUncompressedBytes</c>), so this, times that, is the memory imports can take.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>How long an upload waits for a free slot before the person is asked to retry.</summary>
    [Range(0, 600)]
    public int QueueWaitSeconds { get; set; } = 20;

    /// <summary>How long a preview can be confirmed; older ones are refused and deleted by <see cref="PendingImportCleanup"/>.</summary>
    [Range(1, 7 * 24 * 60)]
    public int PreviewLifetimeMinutes { get; set; } = 60;

    [Range(1, 24 * 60)]
    public int CleanupIntervalMinutes { get; set; } = 10;

    public TimeSpan PreviewLifetime => TimeSpan.FromMinutes(PreviewLifetimeMinutes);
}
