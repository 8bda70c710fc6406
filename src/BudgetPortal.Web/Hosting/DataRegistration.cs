using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Serilog;

namespace BudgetPortal.Web.Hosting;

public static class DataRegistration
{
    /// <summary>
    /// Registers the DbContext on ConnectionStrings:Portal, or, when that is not set, on an embedded PostgreSQL that
    /// is started now from the machine's binaries and stopped when the app stops.
    /// </summary>
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        var connectionString = builder.Configuration.GetConnectionString("Portal");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var options = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
            var dataPath = Path.GetFullPath(options.DataPath, builder.Environment.ContentRootPath);
            Log.Information("No ConnectionStrings:Portal configured: starting the embedded PostgreSQL in {DataPath}", dataPath);
            var server = new EmbeddedPostgres(dataPath, logger: new Serilog.Extensions.Logging.SerilogLoggerFactory(Log.Logger).CreateLogger("EmbeddedPostgres"));
            server.Start();
            server.EnsureDatabase("portal");
            connectionString = server.ConnectionString("portal");
            builder.Services.AddSingleton(server);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
        }

        builder.Services.AddDbContext<PortalDbContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());
        builder.Services.AddScoped<DisclosureImporter>();
        builder.Services.AddScoped<SyntheticData>();
        builder.Services.AddScoped<TableSetStore>();
        builder.Services.AddScoped<DocumentLoader>();
        builder.Services.AddSingleton<PublishedDocumentCache>();
        builder.Services.AddScoped<BudgetPortal.Web.Checks.DisclosureCheckService>();
        builder.Services.AddScoped<BudgetPortal.Web.Checks.VersionSummaryStore>();
        builder.Services.AddSingleton<BudgetPortal.Web.Checks.CheckReportCache>();
        builder.Services.AddSingleton(_ => BudgetPortal.Core.CodeLists.CodeBook.LoadFolder(Path.Combine(AppContext.BaseDirectory, "CodeLists")));
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDataProtection()
            .SetApplicationName("BudgetPortal")
            .PersistKeysToDbContext<PortalDbContext>();
        return builder;
    }

}

/// <summary>
/// Applies migrations and loads the reference disclosures into an empty database, as configured. Runs in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, before the server accepts requests (and under the test host).
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IOptions<PortalOptions> options, IConfiguration configuration, ILogger<DatabaseInitializer> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (settings.MigrateOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // Several instances may start together on one empty database: one at a time loads table sets and seeds.
        // (Migrations take their own lock.) A session-level advisory lock, released when the connection closes.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(72410001)", cancellationToken);
        var tableSets = scope.ServiceProvider.GetRequiredService<TableSetStore>();
        foreach (var folder in new[] { TableSetStore.BuiltInFolder, settings.TableSetPath })
        {
            if (folder is not null)
            {
                var changed = await tableSets.LoadFolderAsync(folder, cancellationToken);
                logger.LogInformation("Table sets in {Folder}: {Changed} added or updated", folder, changed);
            }
        }

        if (settings.SeedReferenceData)
        {
            var folder = settings.ReferenceDataPath ?? ReferenceData.DefaultFolder;
            var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
            var count = await ReferenceData.SeedIfEmptyAsync(db, importer, folder, logger, cancellationToken);
            if (count > 0)
            {
                logger.LogInformation("Loaded {Count} reference disclosures from {Folder}", count, folder);
            }
        }

        if (settings.SyntheticDisclosures > 0)
        {
            await scope.ServiceProvider.GetRequiredService<SyntheticData>().GenerateAsync(
                settings.SyntheticDisclosures, settings.ReferenceDataPath ?? ReferenceData.DefaultFolder, cancellationToken);
        }

        await AuditLogGuard.EnsureAsync(db, cancellationToken);
        var demo = settings.DemoAccounts ?? string.IsNullOrEmpty(configuration.GetConnectionString("Portal"));
        await scope.ServiceProvider.GetRequiredService<StaffSeeding>().RunAsync(settings.Admin.Email, settings.Admin.Password, demo, cancellationToken);

        // Load (or, on an empty database, create) the Data Protection key now, under the lock: otherwise the first
        // instance makes its key at its first sign-in, and an instance that had already cached an empty key ring
        // would make another one of its own and reject the first one's cookies until its ring is refreshed.
        scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("BudgetPortal.Startup").Protect([1]);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(72410001)", cancellationToken);
        await db.Database.CloseConnectionAsync();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Stops the embedded PostgreSQL once the app has stopped (after the server has drained its requests).</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(server.Stop);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
