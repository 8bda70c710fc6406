using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Seeding;
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
        return builder;
    }

    /// <summary>Applies migrations and loads the reference disclosures into an empty database, as configured.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync();
        }

        if (options.SeedReferenceData)
        {
            var folder = options.ReferenceDataPath ?? ReferenceData.DefaultFolder;
            var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
            var count = await ReferenceData.SeedIfEmptyAsync(db, importer, folder, app.Logger, CancellationToken.None);
            if (count > 0)
            {
                app.Logger.LogInformation("Loaded {Count} reference disclosures from {Folder}", count, folder);
            }
        }
    }
}

/// <summary>Stops the embedded PostgreSQL when the app stops.</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        server.Stop();
        return Task.CompletedTask;
    }
}
