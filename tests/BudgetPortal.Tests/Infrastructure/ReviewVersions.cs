using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Data.Seeding;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// Versions on their way to publication for the review tests: a district department's budget of
/// <see cref="DistrictUnits"/> (its table set and rules, a department and region the seeds do not have), with or
/// without a typing error in 表3's 合计 (124.45 万元: the 错误 findings U4 and U5), in the state asked for; and accounts of
/// each role scoped to it.
/// </summary>
public static class ReviewVersions
{
    public const string Password = "review-portal-2026";
    public const string Region = "某区";

    /// <summary>Stores the disclosure and puts its version 1 in <paramref name="status"/> (not published: no current version).</summary>
    public static async Task<BuiltDisclosure> CreateAsync(IServiceProvider services, string department, string slug, VersionStatus status, bool withError, int year = 2025)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!await db.TableSets.AnyAsync(s => s.Code == DistrictUnits.SetCode))
        {
            await scope.ServiceProvider.GetRequiredService<TableSetStore>().SaveAsync(DistrictUnits.Set(), "测试表套", CancellationToken.None);
        }

        var document = DistrictUnits.Disclosure(gpbTotalOverride: withError ? 124.45m : null, slug: slug, department: department, year: year);
        var disclosure = await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportPublishedAsync(document, CancellationToken.None);
        var version = await db.Versions.SingleAsync(v => v.DisclosureId == disclosure.Id);
        if (status != VersionStatus.Published)
        {
            version.Status = status;
            version.PublishedAt = null;
            version.ApprovedOn = status == VersionStatus.Approved ? new DateOnly(year, 2, 1) : null;
            var stored = await db.Disclosures.SingleAsync(d => d.Id == disclosure.Id);
            stored.CurrentVersionId = null;
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<PublicationEvents>().PublishedAsync(CancellationToken.None);
        }

        return new BuiltDisclosure(disclosure.Id, version.Id, disclosure.DepartmentId, slug);
    }

    /// <summary>An account of <paramref name="role"/> scoped to a department or a region (by name), with <see cref="Password"/>.</summary>
    public static async Task AccountAsync(IServiceProvider services, string email, string role, string? department = null, string? region = null)
    {
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<StaffSeeding>()
            .EnsureUserAsync(email, email.Split('@')[0], role, Password, department, region, CancellationToken.None);
    }
}
