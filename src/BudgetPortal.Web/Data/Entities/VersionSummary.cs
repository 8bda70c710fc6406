namespace BudgetPortal.Web.Data.Entities;

/// <summary>
/// What lists show of a published version without loading it: its key figures (JSON of <c>KeyFigures</c>) and its check
/// counts, computed once and kept. <see cref="Stamp"/> says what they were computed with (summary format, rules, code
/// lists and, for the completion rule, the same-year budget's version); a different stamp means compute again.
/// </summary>
public sealed class VersionSummary
{
    public int VersionId { get; set; }
    public required string Stamp { get; set; }
    public required string Figures { get; set; }
    public int Passed { get; set; }
    public int Rounding { get; set; }
    public int Warnings { get; set; }
    public int Errors { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
