using System.Diagnostics;
using BudgetPortal.Web.Hosting;
using Npgsql;

namespace BudgetPortal.Tests.Web;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"bp-embedded-{Guid.NewGuid():N}");

    private static int Query(EmbeddedPostgres server)
    {
        server.EnsureDatabase("probe");
        using var connection = new NpgsqlConnection(server.ConnectionString("probe"));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT 41 + 1", connection);
        return (int)command.ExecuteScalar()!;
    }

    private static object? Scalar(EmbeddedPostgres server, string database, string sql)
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    /// <summary>SIGKILL to the postmaster and every process of the cluster at once, and the app's death with them.</summary>
    private static void KillServer(EmbeddedPostgres server)
    {
        NpgsqlConnection.ClearAllPools();
        KillAll(server.ServerProcessIds());
        server.ReleaseFolderLock();
    }

    private static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    [Fact]
    public void StartsAgainWhenAnEarlierRunLeftItsServerRunning()
    {
        var first = new EmbeddedPostgres(_dataPath);
        first.Start();
        Query(first).ShouldBe(42);

        // The app was killed: its server is still running from the same folder. A new start must take over.
        first.ReleaseFolderLock();
        using var second = new EmbeddedPostgres(_dataPath);
        second.Start();

        Query(second).ShouldBe(42);
    }

    [Fact]
    public void StartsAgainAtOnceAfterTheServerWasKilledWaitingForItsProcessesToEnd()
    {
        var first = new EmbeddedPostgres(_dataPath);
        first.Start();
        var pidFile = Path.Combine(first.ClusterDir, "postmaster.pid");
        var pid = int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill();
        }

        first.ReleaseFolderLock();

        // No pause: the killed postmaster's children may still be running and its postmaster.pid is still there.
        using var second = new EmbeddedPostgres(_dataPath) { StartTimeout = TimeSpan.FromMinutes(2) };
        second.Start();

        Query(second).ShouldBe(42);
    }

    [Fact]
    public void ASecondStartOnTheSameFolderIsRefusedAndLeavesTheFirstServerRunning()
    {
        using var first = new EmbeddedPostgres(_dataPath);
        first.Start();
        var pidFile = Path.Combine(first.ClusterDir, "postmaster.pid");
        var postmaster = File.ReadLines(pidFile).First();

        using var second = new EmbeddedPostgres(_dataPath);
        var refused = Should.Throw<DataFolderInUseException>(second.Start);

        refused.Message.ShouldContain("正被另一个门户进程使用");
        File.ReadLines(pidFile).First().ShouldBe(postmaster);
        Query(first).ShouldBe(42);
    }

    [Fact]
    public void KeepsPostgreSqlDurabilityDefaults()
    {
        using var server = new EmbeddedPostgres(_dataPath);
        server.Start();

        Scalar(server, "postgres", "SHOW fsync").ShouldBe("on");
        Scalar(server, "postgres", "SHOW synchronous_commit").ShouldBe("on");
        Scalar(server, "postgres", "SHOW full_page_writes").ShouldBe("on");
    }

    [Fact]
    public void ACommittedSaveSurvivesTheServerBeingKilledImmediatelyAfter()
    {
        var server = new EmbeddedPostgres(_dataPath);
        server.Start();
        server.EnsureDatabase("durable");
        Scalar(server, "durable", "CREATE TABLE saves (round int PRIMARY KEY, amount numeric NOT NULL)");
        for (var round = 1; round <= 3; round++)
        {
            // The commit has returned: the user was told the save is done. Then the database dies at once.
            Scalar(server, "durable", $"INSERT INTO saves VALUES ({round}, {round}2884.35)");
            KillServer(server);

            server = new EmbeddedPostgres(_dataPath) { StartTimeout = TimeSpan.FromMinutes(2) };
            server.Start();

            Scalar(server, "durable", $"SELECT amount FROM saves WHERE round = {round}").ShouldBe(round * 10000m + 2884.35m);
        }

        server.Dispose();
    }

    [Fact]
    public void KeepsItsDataAcrossRestarts()
    {
        using (var first = new EmbeddedPostgres(_dataPath))
        {
            first.Start();
            first.EnsureDatabase("keep");
            using var connection = new NpgsqlConnection(first.ConnectionString("keep"));
            connection.Open();
            using var command = new NpgsqlCommand("CREATE TABLE t (v numeric); INSERT INTO t VALUES (12884.35)", connection);
            command.ExecuteNonQuery();
        }

        using var second = new EmbeddedPostgres(_dataPath);
        second.Start();
        using var again = new NpgsqlConnection(second.ConnectionString("keep"));
        again.Open();
        using var read = new NpgsqlCommand("SELECT v FROM t", again);

        read.ExecuteScalar().ShouldBe(12884.35m);
    }

    public void Dispose()
    {
        // A failed test may have left a server running: end it so that nothing outlives the test run.
        KillAll(ServerProcesses.InFolder(Path.Combine(_dataPath, "pg")));

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
