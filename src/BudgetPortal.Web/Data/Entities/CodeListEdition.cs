namespace BudgetPortal.Web.Data.Entities;

/// <summary>
/// An edition of a classification code list uploaded by an administrator (a region's or a year's 支出功能分类 or
/// 经济分类), added to the lists shipped in data/code-lists. Never changed: a corrected upload is a new edition row,
/// and the highest id wins among editions of the same list, year and region.
/// </summary>
public sealed class CodeListEdition
{
    public int Id { get; set; }

    /// <summary><c>functional</c>, <c>economic-dept</c> or <c>economic-gov</c>.</summary>
    public required string ListCode { get; set; }

    public required string Edition { get; set; }
    public int? Year { get; set; }
    public string? Region { get; set; }
    public bool Complete { get; set; }

    /// <summary>The entries (code, name) in the code-list file format (jsonb).</summary>
    public required string EntriesJson { get; set; }

    public string? Source { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
