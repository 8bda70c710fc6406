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
    public static string CreateDatabase(string prefix) => CreateDatabase(prefix, "template0");

    /// <summary>
    /// Creates a new database as a copy of <paramref name="template"/> (PostgreSQL copies the files: a few hundred
    /// milliseconds for a seeded portal) and returns its connection string.
    /// </summary>
    public static string CreateDatabase(string prefix, string template)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        Execute($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE \"{template}\"");
        return Server.ConnectionString(name);
    }

    private static readonly Lazy<string> LazyReferenceTemplate = new(() => BuildTemplate("portal_template_reference", "template0", demoAccounts: false));
    private static readonly Lazy<string> LazyDemoTemplate = new(() => BuildTemplate("portal_template_demo", LazyReferenceTemplate.Value, demoAccounts: true));

    /// <summary>
    /// The name of a database as the portal leaves it after its first start in the tests' configuration: migrated,
    /// the built-in table sets and the five reference disclosures loaded, its Data Protection key made, and with
    /// <paramref name="demoAccounts"/> the documented demo accounts. Made once per test run, on first use; every portal
    /// of a test class or of a single test is a copy of it, so nothing one test writes is seen by another.
    /// </summary>
    public static string SeededTemplate(bool demoAccounts) => demoAccounts ? LazyDemoTemplate.Value : LazyReferenceTemplate.Value;

    private static string BuildTemplate(string name, string from, bool demoAccounts)
    {
        Execute($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE \"{from}\"");
        using (var portal = new PortalAppFactory(Server.ConnectionString(name), demoAccounts))
        {
            // Starting the host runs the portal's own start-up (DatabaseInitializer) on the new database.
            _ = portal.Services;
        }

        return Seal(name);
    }

    /// <summary>
    /// A template of a test class's own: a copy of <see cref="SeededTemplate"/> to which <paramref name="fill"/> has added,
    /// through a portal started on it, what every test of the class starts from (a filled draft, say). Call it once per
    /// run (from a static lazy); each test's portal is then a copy of it, as cheap as a copy of the seeded template.
    /// Returns the template's name and what <paramref name="fill"/> returned (ids are the same in every copy).
    /// </summary>
    public static async Task<(string Template, T Filled)> DerivedTemplateAsync<T>(string name, bool demoAccounts, Func<PortalAppFactory, Task<T>> fill)
    {
        var from = SeededTemplate(demoAccounts);
        Execute($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE \"{from}\"");
        T filled;
        await using (var portal = new PortalAppFactory(Server.ConnectionString(name), demoAccounts))
        {
            filled = await fill(portal);
        }

        return (Seal(name), filled);
    }

    /// <summary>Makes a built database a template: no session may be open on it, so the portal's pooled connections are closed first.</summary>
    private static string Seal(string name)
    {
        Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        Execute($"ALTER DATABASE \"{name}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        return name;
    }

    /// <summary>Drops a test database, closing whatever session is still open on it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(Server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Server.ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
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
