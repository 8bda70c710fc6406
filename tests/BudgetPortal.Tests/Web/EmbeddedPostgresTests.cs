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

    [Fact]
    public void StartsAgainWhenAnEarlierRunLeftItsServerRunning()
    {
        var first = new EmbeddedPostgres(_dataPath);
        first.Start();
        Query(first).ShouldBe(42);

        // The app was killed: its server is still running from the same folder. A new start must take over.
        using var second = new EmbeddedPostgres(_dataPath);
        second.Start();

        Query(second).ShouldBe(42);
    }

    [Fact]
    public void StartsAgainAfterTheServerWasKilledLeavingAStaleLockFile()
    {
        var first = new EmbeddedPostgres(_dataPath);
        first.Start();
        var pidFile = Path.Combine(first.ClusterDir, "postmaster.pid");
        var pid = int.Parse(File.ReadLines(pidFile).First(), System.Globalization.CultureInfo.InvariantCulture);
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill();
            postmaster.WaitForExit(10_000);
        }

        Thread.Sleep(500);
        File.Exists(pidFile).ShouldBeTrue();

        using var second = new EmbeddedPostgres(_dataPath);
        second.Start();

        Query(second).ShouldBe(42);
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
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
