namespace BudgetPortal.Core.Checks;

public enum Severity
{
    /// <summary>The relation holds exactly.</summary>
    Pass,

    /// <summary>尾差: the sides differ by no more than the rounding of the figures involved (n × half a unit).</summary>
    Rounding,

    /// <summary>Not an arithmetic error, but something to look at (a missing note, an unknown code name).</summary>
    Warning,

    /// <summary>不一致: the sides differ by more than rounding can explain, or a required table is missing.</summary>
    Error,

    /// <summary>Information that is neither right nor wrong, such as a final account's completion rate against its budget.</summary>
    Info,

    /// <summary>提示: worth a look but below a warning (a misprinted number whose value still matches, a rule declared <c>hint</c>).</summary>
    Hint,
}

/// <summary>One result of one rule at one place.</summary>
public sealed record Finding
{
    public required string Rule { get; init; }
    public required string Description { get; init; }
    public required Severity Severity { get; init; }
    public string? Table { get; init; }
    public string? Row { get; init; }
    public string? Column { get; init; }
    public decimal? Expected { get; init; }
    public decimal? Actual { get; init; }
    public decimal? Difference { get; init; }
    public decimal? Tolerance { get; init; }

    /// <summary>The unit of <see cref="Expected"/>, <see cref="Actual"/>, <see cref="Difference"/> and <see cref="Tolerance"/>: the unit the actual figure is printed in.</summary>
    public string? Unit { get; init; }
    public string? Message { get; init; }
}

public sealed record CheckReport(IReadOnlyList<Finding> Findings)
{
    public int Passed => Findings.Count(f => f.Severity == Severity.Pass);
    public int Rounding => Findings.Count(f => f.Severity == Severity.Rounding);
    public int Warnings => Findings.Count(f => f.Severity == Severity.Warning);
    public int Errors => Findings.Count(f => f.Severity == Severity.Error);
    public int Infos => Findings.Count(f => f.Severity == Severity.Info);
    public int Hints => Findings.Count(f => f.Severity == Severity.Hint);

    /// <summary>错误 findings: 不一致 beyond rounding, a missing table, a blank slot. They block publishing unless explained.</summary>
    public int Blocking => Errors;

    public string Badge => $"勾稽关系：{Passed} 项通过，{Rounding} 项尾差，{Errors} 项不一致";
}
