namespace BudgetPortal.Web.Staff;

/// <summary>The four roles. Staff and reviewers act only within their scopes (departments, or regions).</summary>
public static class PortalRoles
{
    public const string Administrator = "admin";
    public const string DepartmentStaff = "staff";
    public const string Reviewer = "reviewer";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Administrator, DepartmentStaff, Reviewer, Auditor];

    public static string ToChinese(string role) => role switch
    {
        Administrator => "管理员",
        DepartmentStaff => "部门填报人员",
        Reviewer => "审核人员",
        Auditor => "审计人员",
        _ => role,
    };
}
