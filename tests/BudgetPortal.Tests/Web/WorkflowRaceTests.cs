using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Workflow transitions that happen at the same moment: each runs in its own scope (its own connection), released
/// together, so they really meet at the version row. Exactly one may win; the others are told why, in Chinese.
/// </summary>
public sealed class WorkflowRaceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const int Rounds = 20;

    /// <summary>Runs every action in its own scope, all released at once, and returns their messages (null = done).</summary>
    private async Task<string?[]> AtOnceAsync(params Func<VersionWorkflow, Task<string?>>[] actions)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = actions.Select(async action =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var workflow = scope.ServiceProvider.GetRequiredService<VersionWorkflow>();
            await start.Task;
            return await action(workflow);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(running);
    }

    private async Task<(DisclosureVersion Version, int? CurrentVersionId, List<string> Actions)> StoredAsync(int versionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var version = await db.Versions.AsNoTracking().Include(v => v.Disclosure).SingleAsync(v => v.Id == versionId);
        var actions = await db.AuditEntries.Where(a => a.VersionId == versionId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        return (version, version.Disclosure.CurrentVersionId, actions);
    }

    [Fact]
    public async Task ThreeSimultaneousPublishesOfOneVersionPublishItExactlyOnce()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var built = await DisclosureBuilder.ForDepartment($"并发公开测试水务局{round}").InState(VersionStatus.Approved).SaveAsync(factory.Services);

            var results = await AtOnceAsync(
                w => w.PublishAsync(built.VersionId, null, null, CancellationToken.None),
                w => w.PublishAsync(built.VersionId, null, null, CancellationToken.None),
                w => w.PublishAsync(built.VersionId, null, null, CancellationToken.None));

            results.Count(r => r is null).ShouldBe(1, $"round {round}: {string.Join(" / ", results)}");
            results.Where(r => r is not null).ShouldAllBe(r => r!.Contains("已被他人公开") && r.Contains("请刷新"));
            var (version, current, actions) = await StoredAsync(built.VersionId);
            version.Status.ShouldBe(VersionStatus.Published);
            version.PublishedAt.ShouldNotBeNull();
            current.ShouldBe(built.VersionId);
            actions.Count(a => a == "公开").ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task ApproveAndReturnAtTheSameMomentLeaveOneConsistentOutcome()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var built = await DisclosureBuilder.ForDepartment($"并发批复测试水务局{round}").InState(VersionStatus.Submitted).SaveAsync(factory.Services);

            var results = await AtOnceAsync(
                w => w.ApproveAsync(built.VersionId, new DateOnly(2030, 3, 1), CancellationToken.None),
                w => w.ReturnAsync(built.VersionId, "数字有误", CancellationToken.None));

            results.Count(r => r is null).ShouldBe(1, $"round {round}: {string.Join(" / ", results)}");
            var (version, _, actions) = await StoredAsync(built.VersionId);
            if (results[0] is null)
            {
                results[1]!.ShouldContain("已被他人批复");
                version.Status.ShouldBe(VersionStatus.Approved);
                version.ApprovedOn.ShouldBe(new DateOnly(2030, 3, 1));
                version.ReturnReason.ShouldBeNull();
                actions.ShouldBe(["批复"]);
            }
            else
            {
                results[0]!.ShouldContain("已被他人退回");
                version.Status.ShouldBe(VersionStatus.Draft);
                version.ApprovedOn.ShouldBeNull();
                version.ReturnReason.ShouldBe("数字有误");
                actions.ShouldBe(["退回修改"]);
            }
        }
    }

    [Fact]
    public async Task TwoCorrectionsStartedAtOnceMakeOneDraft()
    {
        var built = await DisclosureBuilder.ForDepartment("并发更正测试水务局").InState(VersionStatus.Published).SaveAsync(factory.Services);

        var results = await AtOnceAsync(
            async w => (await w.StartCorrectionAsync(built.DisclosureId, CancellationToken.None)).Error,
            async w => (await w.StartCorrectionAsync(built.DisclosureId, CancellationToken.None)).Error);

        results.Count(r => r is null).ShouldBe(1, string.Join(" / ", results));
        results.Single(r => r is not null)!.ShouldContain("尚未公开的更正版本");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        (await db.Versions.CountAsync(v => v.DisclosureId == built.DisclosureId)).ShouldBe(2);
    }

    /// <summary>
    /// The 错误 gate of publishing is judged under the version's row lock: another transaction holds the lock and turns a
    /// figure of a clean version into an error; the publication, queued behind it, sees the error and is refused. Had the
    /// report been judged before taking the lock, it would have published the figures it never checked.
    /// </summary>
    [Fact]
    public async Task PublishingJudgesTheErrorsOfTheFiguresItPublishesUnderTheVersionLock()
    {
        var built = await ReviewVersions.CreateAsync(factory.Services, "并发公开检查园林局", "race-checks-2025-budget", VersionStatus.Approved, withError: false);

        await using var holder = factory.Services.CreateAsyncScope();
        var db = holder.ServiceProvider.GetRequiredService<PortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        (await db.LockVersionAsync(built.VersionId, CancellationToken.None)).ShouldNotBeNull();
        var totalRow = await db.Tables.Where(t => t.VersionId == built.VersionId && t.Number == "表3")
            .SelectMany(t => t.Rows).SingleAsync(r => r.Role == "total");
        totalRow.Cells.Single(c => c.ColumnIndex == 2).Amount = 124.45m;
        await db.SaveChangesAsync();

        await using var publisher = factory.Services.CreateAsyncScope();
        var publishing = publisher.ServiceProvider.GetRequiredService<VersionWorkflow>().PublishAsync(built.VersionId, null, null, CancellationToken.None);
        await WaitForALockWaiterAsync(publishing);
        await transaction.CommitAsync();

        (await publishing).ShouldNotBeNull().ShouldContain("项错误，不能直接公开");
        var (version, current, actions) = await StoredAsync(built.VersionId);
        version.Status.ShouldBe(VersionStatus.Approved);
        current.ShouldBeNull();
        actions.ShouldNotContain("公开");
    }

    /// <summary>Until some session of this database waits for a row lock (the publication queued behind the holder).</summary>
    private async Task WaitForALockWaiterAsync(Task running)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        while (!running.IsCompleted)
        {
            var waiting = await db.Database
                .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .SingleAsync();
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
