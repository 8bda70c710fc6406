using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>Tables and scopes for staff-entry tests, in a department of the test's own (not one of the seeds').</summary>
public static class StaffEntryData
{
    public const string SetCode = "liaoning-province-budget";

    /// <summary>
    /// A classification table of <see cref="SetCode"/> (by role code) with 213 农林水支出 / 21303 水利 / 2130301 行政运行,
    /// each with 80 in the first two amount columns.
    /// </summary>
    public static async Task<TableDocument> WaterTableAsync(IServiceProvider services, string tableCode)
    {
        using var scope = services.CreateScope();
        var set = (await scope.ServiceProvider.GetRequiredService<TableSetStore>().LoadAsync(SetCode, default))!;
        var blank = set.Tables.Single(t => t.Code == tableCode).BlankTable();
        var leaves = blank.Leaves();
        RowDocument Row(string code, string name, int level) => new()
        {
            Level = level,
            Cells = [.. leaves.Select((l, i) => l.Role == ColumnRoles.Code ? CellValue.Of(code) : l.Role == ColumnRoles.Name ? CellValue.Of(name)
                : l.IsNumeric && i < 4 ? CellValue.Of(80m) : CellValue.Blank)],
        };
        return RowIdentity.Apply(blank with { Rows = [.. blank.Rows, Row("213", "农林水支出", 1), Row("21303", "水利", 2), Row("2130301", "行政运行", 3)] });
    }

    /// <summary>Gives the demo staff account the department (the demo scopes cover only a reference department).</summary>
    public static async Task GrantStaffAsync(IServiceProvider services, int departmentId)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var userId = await db.Users.Where(u => u.Email == "staff@demo.budgetportal").Select(u => u.Id).SingleAsync();
        db.UserScopes.Add(new UserScope { UserId = userId, DepartmentId = departmentId });
        await db.SaveChangesAsync();
    }
}
