using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetPortal.Tests.Web;

/// <summary>The backup and restore commands, on an external database (ConnectionStrings:Portal), as the README gives them.</summary>
public sealed class BackupRestoreTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"bp-backup-{Guid.NewGuid():N}.dump");

    private static List<string> Ids(string connectionString, string table)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT id::text FROM {table} ORDER BY id::text", connection);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [Fact]
    public async Task ABackupRestoredIntoAnEmptyDatabaseHoldsEveryDisclosureVersionAccountAndAuditRow()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, UserName = "备份测试", Action = "备份前的记录" });
            await db.SaveChangesAsync();
        }

        var source = factory.ConnectionString;
        PortalCommands.TryRun(["backup", _file, $"--ConnectionStrings:Portal={source}"]).ShouldBe(0);
        var empty = TestDatabaseServer.CreateDatabase("restore_test");
        PortalCommands.TryRun(["restore", _file, $"--ConnectionStrings:Portal={empty}"]).ShouldBe(0);

        foreach (var table in new[] { "disclosures", "disclosure_versions", "\"AspNetUsers\"", "audit_entries" })
        {
            var expected = Ids(source, table);
            expected.ShouldNotBeEmpty(table);
            Ids(empty, table).ShouldBe(expected, table);
        }
    }

    [Fact]
    public void RestoringAMissingFileFailsAndSaysSo() =>
        PortalCommands.TryRun(["restore", _file + ".missing", $"--ConnectionStrings:Portal={factory.ConnectionString}"]).ShouldBe(1);

    public void Dispose() => File.Delete(_file);
}
