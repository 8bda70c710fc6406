using BudgetPortal.Web.Hosting;
using Npgsql;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL server for the whole test run, started from the machine's binaries by the same launcher the
/// portal uses; each test class gets its own database on it. Stopped and deleted when the test process exits.
/// </summary>
public static class TestDatabaseServer
{
    private static readonly Lazy<EmbeddedPostgres> LazyServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? _dataPath;

    public static EmbeddedPostgres Server => LazyServer.Value;

    /// <summary>
    /// The tests' own speed setting: a throw-away cluster need not survive a crash, so it runs without fsync,
    /// synchronous commit and full-page writes. The portal's embedded server keeps PostgreSQL's durable defaults.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastNotDurable = new Dictionary<string, string>
    {
        ["fsync"] = "off",
        ["synchronous_commit"] = "off",
        ["full_page_writes"] = "off",
    };

    private static EmbeddedPostgres Start()
    {
        _dataPath = Path.Combine(Path.GetTempPath(), $"budgetportal-tests-{Environment.ProcessId}");
        var server = new EmbeddedPostgres(_dataPath, serverSettings: FastNotDurable);
        server.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.Stop();
            TryDelete(_dataPath);
        };
        return server;
    }

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public static string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        using var connection = new NpgsqlConnection(Server.ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
        command.ExecuteNonQuery();
        return Server.ConnectionString(name);
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
