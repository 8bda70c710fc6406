using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Applies migrations and loads the reference disclosures into an empty database, as configured. Runs in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, before the server accepts requests (and under the test host).
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IOptions<PortalOptions> options, ILogger<DatabaseInitializer> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (settings.MigrateOnStart)
        {
            // A migration that builds an index over a large portal's rows (SearchTextLookups: minutes at 100,000
            // disclosures) must not be cut off by the 30-second command timeout of requests.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
            await db.Database.MigrateAsync(cancellationToken);
            db.Database.SetCommandTimeout(timeout);
        }

        // Several instances may start together on one empty database: one at a time loads table sets and seeds.
        // (Migrations take their own lock.) A session-level advisory lock, released explicitly: the embedded server's
        // pooled connections are not reset when they go back to the pool (decision 0460).
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(72410001)", cancellationToken);
        try
        {
            await SeedAsync(scope.ServiceProvider, db, settings, cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(72410001)", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task SeedAsync(IServiceProvider provider, PortalDbContext db, PortalOptions settings, CancellationToken cancellationToken)
    {
        var tableSets = provider.GetRequiredService<TableSetStore>();
        foreach (var folder in new[] { TableSetStore.BuiltInFolder, settings.TableSetPath })
        {
            if (folder is not null)
            {
                var changed = await tableSets.LoadFolderAsync(folder, cancellationToken);
                logger.LogInformation("Table sets in {Folder}: {Changed} added or updated", folder, changed);
            }
        }

        if (settings.SeedsReferenceData)
        {
            var folder = settings.ReferenceDataPath ?? ReferenceData.DefaultFolder;
            var importer = provider.GetRequiredService<DisclosureImporter>();
            var count = await ReferenceData.SeedIfEmptyAsync(db, importer, folder, logger, cancellationToken);
            if (count > 0)
            {
                logger.LogInformation("Loaded {Count} reference disclosures from {Folder}", count, folder);
            }
        }

        if (settings.SyntheticDisclosures > 0)
        {
            await provider.GetRequiredService<SyntheticData>().GenerateAsync(
                settings.SyntheticDisclosures, settings.ReferenceDataPath ?? ReferenceData.DefaultFolder, cancellationToken);
        }

        await provider.GetRequiredService<StaffSeeding>().RunAsync(settings.Admin.Email, settings.Admin.Password, settings.CreatesDemoAccounts, cancellationToken);

        // Load (or, on an empty database, create) the Data Protection key now, under the lock: otherwise the first
        // instance makes its key at its first sign-in, and an instance that had already cached an empty key ring
        // would make another one of its own and reject the first one's cookies until its ring is refreshed.
        provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("BudgetPortal.Startup").Protect([1]);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
