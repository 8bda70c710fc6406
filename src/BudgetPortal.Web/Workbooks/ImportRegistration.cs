namespace BudgetPortal.Web.Workbooks;

public static class ImportRegistration
{
    /// <summary>The import slots, and the cleanup of expired previews (also resolvable, for tests).</summary>
    public static WebApplicationBuilder AddPortalImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImportGate>();
        builder.Services.AddSingleton<PendingImportCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PendingImportCleanup>());
        return builder;
    }
}
