namespace BudgetPortal.Web.Data.Entities;

public enum DisclosureKind
{
    Budget,
    Final,
}

public enum VersionStatus
{
    Draft,
    Submitted,
    Approved,
    Published,
}

/// <summary>One department, one fiscal year, one kind. Its content lives in versions; published ones never change.</summary>
public sealed class Disclosure
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public int Year { get; set; }
    public DisclosureKind Kind { get; set; }
    public required string Title { get; set; }
    public int? TableSetId { get; set; }
    public TableSet? TableSet { get; set; }

    /// <summary>The version the public sees (the latest published one), null until first publication.</summary>
    public int? CurrentVersionId { get; set; }
    public DisclosureVersion? CurrentVersion { get; set; }

    public List<DisclosureVersion> Versions { get; set; } = [];
}

public sealed class DisclosureVersion
{
    public int Id { get; set; }
    public int DisclosureId { get; set; }
    public Disclosure Disclosure { get; set; } = null!;
    public int Number { get; set; }
    public VersionStatus Status { get; set; }

    /// <summary>批复日期: the day the finance bureau approved the figures (starts the 20-day publication clock).</summary>
    public DateOnly? ApprovedOn { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Why a reviewer returned the submission (shown to the department until it is submitted again).</summary>
    public string? ReturnReason { get; set; }

    /// <summary>更正说明: why a corrected version replaced the previous one.</summary>
    public string? CorrectionNote { get; set; }

    /// <summary>
    /// 审核说明: the reviewer's explanation of the 错误 findings that stood at publication (required to publish with a
    /// blocking finding), published with the version beside its check report.
    /// </summary>
    public string? CheckExplanation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<DisclosureTable> Tables { get; set; } = [];
    public List<NarrativeSectionEntity> Sections { get; set; } = [];
}

public sealed class NarrativeSectionEntity
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public int Ordinal { get; set; }
    public required string Key { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
}
