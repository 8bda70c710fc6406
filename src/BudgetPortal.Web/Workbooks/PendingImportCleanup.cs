using System.Data.Common;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Workbooks;

/// <summary>
/// Deletes previews nobody confirmed once they have expired, so that abandoned uploads do not grow the database.
/// Confirming an expired preview is refused on its own (the import page checks the age), whether or not this has run.
/// </summary>
public sealed class PendingImportCleanup(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ImportOptions> options, ILogger<PendingImportCleanup> logger) : BackgroundService
{
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.PreviewLifetime;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.PendingImports.Where(p => p.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first run waits one interval: start-up migrations may still be running now.
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.CleanupIntervalMinutes), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var deleted = await DeleteExpiredAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        logger.LogInformation("Deleted {Count} expired import previews", deleted);
                    }
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
                {
                    // A database that is briefly away must not stop the host (an unhandled exception here would).
                    logger.LogWarning(ex, "Could not delete expired import previews; retrying at the next interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
