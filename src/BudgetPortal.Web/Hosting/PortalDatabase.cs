namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Where the portal's data lives: the external PostgreSQL of <c>ConnectionStrings:Portal</c>, or the embedded server
/// in <c>Portal:DataPath</c>, whose connection string exists only once <see cref="EmbeddedPostgresService"/> has started it.
/// </summary>
public sealed class PortalDatabase(string? external, EmbeddedPostgres? embedded)
{
    public const string EmbeddedDatabaseName = "portal";

    public bool IsEmbedded => embedded is not null;

    public string ConnectionString => external
        ?? embedded?.ConnectionString(EmbeddedDatabaseName)
        ?? throw new InvalidOperationException("没有配置数据库。");

    /// <summary>The embedded server's folder: <c>Portal:DataPath</c>, relative to the content root.</summary>
    public static string EmbeddedDataPath(PortalOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.DataPath, environment.ContentRootPath);
}

/// <summary>
/// Starts the embedded PostgreSQL before any other hosted service (the database initializer, then the web server)
/// and stops it once the app has stopped, after the server has drained its requests. If start-up fails later (a port
/// already bound), the container disposes the server, which stops it: no orphaned PostgreSQL is left behind.
/// </summary>
internal sealed class EmbeddedPostgresService(EmbeddedPostgres server) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        server.Start();
        server.EnsureDatabase(PortalDatabase.EmbeddedDatabaseName);
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        server.Stop();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class PortalHost
{
    /// <summary>
    /// Runs the app; a data folder held by another portal process ends start-up with its Chinese explanation and exit
    /// code 3 instead of a stack trace.
    /// </summary>
    public static async Task<int> RunPortalAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (DataFolderInUseException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 3;
        }
    }
}
