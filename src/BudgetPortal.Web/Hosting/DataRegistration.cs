using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Hosting;

public static class DataRegistration
{
    /// <summary>
    /// Registers the DbContext on ConnectionStrings:Portal, or, when that is not set, on an embedded PostgreSQL that
    /// a hosted service starts from the machine's binaries before anything else runs, and stops when the app stops.
    /// </summary>
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        var external = builder.Configuration.GetConnectionString("Portal");
        if (string.IsNullOrWhiteSpace(external))
        {
            builder.Services.AddSingleton(sp => new EmbeddedPostgres(
                PortalDatabase.EmbeddedDataPath(sp.GetRequiredService<IOptions<PortalOptions>>().Value, sp.GetRequiredService<IHostEnvironment>()),
                logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedPostgres>()));
            builder.Services.AddSingleton(sp => new PortalDatabase(null, sp.GetRequiredService<EmbeddedPostgres>()));

            // Registered before the database initializer: lifecycle services start in registration order.
            builder.Services.AddHostedService<EmbeddedPostgresService>();
        }
        else
        {
            builder.Services.AddSingleton(new PortalDatabase(external, null));
        }

        builder.Services.AddDbContext<PortalDbContext>((sp, o) => o
            .UseNpgsql(sp.GetRequiredService<PortalDatabase>().ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention(), optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddScoped<DisclosureImporter>();
        builder.Services.AddScoped<SyntheticData>();
        builder.Services.AddScoped<TableSetStore>();
        builder.Services.AddScoped<DocumentLoader>();
        builder.Services.AddSingleton<PublishedDocumentCache>();
        builder.Services.AddSingleton<BudgetPortal.Web.Rendering.RenderedVersionCache>();
        builder.Services.AddSingleton<BudgetPortal.Web.Rendering.PublishedPageContextCache>();
        builder.Services.AddSingleton<PublishedCatalogCache>();
        builder.Services.AddSingleton<BudgetPortal.Web.Search.SearchVocabularyCache>();
        builder.Services.AddSingleton<BudgetPortal.Web.Search.PublishedIndexWarmer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BudgetPortal.Web.Search.PublishedIndexWarmer>());
        builder.Services.AddScoped<BudgetPortal.Web.Checks.DisclosureCheckService>();
        builder.Services.AddScoped<BudgetPortal.Web.Checks.VersionSummaryStore>();
        builder.Services.AddSingleton<BudgetPortal.Web.Checks.VersionSummaryMemo>();
        builder.Services.AddSingleton<BudgetPortal.Web.Checks.CheckReportCache>();
        builder.Services.AddSingleton(_ => BudgetPortal.Core.CodeLists.CodeBook.LoadFolder(Path.Combine(AppContext.BaseDirectory, "CodeLists")));
        builder.Services.AddSingleton<BudgetPortal.Web.Checks.CodeListCatalog>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDataProtection()
            .SetApplicationName("BudgetPortal")
            .PersistKeysToDbContext<PortalDbContext>();
        return builder;
    }

}
