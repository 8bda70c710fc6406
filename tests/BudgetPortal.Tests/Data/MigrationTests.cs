using System.Security.Cryptography;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BudgetPortal.Tests.Data;

/// <summary>
/// Migrations are incremental: once committed, a migration may have been applied somewhere, so its files never change
/// (a database made before the change could not be migrated forward). The manifest pins each file's SHA-256.
/// </summary>
public sealed class MigrationTests
{
    private const string ManifestPath = "tests/BudgetPortal.Tests/Data/applied-migrations.sha256";
    private const string MigrationsPath = "src/BudgetPortal.Web/Data/Migrations";

    [Fact]
    public void NoCommittedMigrationChangesAndEveryMigrationIsInTheManifest()
    {
        var root = RepositoryRoot();
        var pinned = File.ReadAllLines(Path.Combine(root, ManifestPath))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Split("  ", 2))
            .ToDictionary(p => p[1], p => p[0]);
        var files = Directory.GetFiles(Path.Combine(root, MigrationsPath), "*.cs")
            .Where(f => !f.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), HashOf);

        var problems = new List<string>();
        foreach (var (file, hash) in pinned)
        {
            if (!files.TryGetValue(file, out var actual))
            {
                problems.Add($"{file} was deleted. A migration that may have been applied is never removed; add a new migration that undoes it.");
            }
            else if (actual != hash)
            {
                problems.Add($"{file} changed. Never edit or regenerate a committed migration: restore it (git checkout main -- {MigrationsPath}/{file}) and put the change in a new migration (dotnet ef migrations add <DescriptiveName>).");
            }
        }

        var added = files.Keys.Where(f => !pinned.ContainsKey(f)).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            problems.Add(
                $"New migration files are not in {ManifestPath}. Once the migration is final, append these lines to it " +
                $"(or run: cd {MigrationsPath} && sha256sum {string.Join(' ', added)} >> ../../../../{ManifestPath}):\n" +
                string.Join('\n', added.Select(f => $"{files[f]}  {f}")));
        }

        problems.ShouldBeEmpty(string.Join("\n\n", problems));
    }

    [Fact]
    public async Task TheAuditTriggersExistOnceOnANewDatabaseAndOnOneWhoseTriggersTheAppHadMade()
    {
        await using var fresh = Context(TestDatabaseServer.CreateDatabase("migrate_fresh"));
        await fresh.Database.MigrateAsync();
        (await AuditTriggersAsync(fresh)).ShouldBe(["audit_entries_no_change", "audit_entries_no_truncate"]);

        // A database from before the migration: the app created the same triggers at start-up.
        await using var older = Context(TestDatabaseServer.CreateDatabase("migrate_older"));
        await older.GetService<IMigrator>().MigrateAsync("TableSetVersionsAndCodeListEditions");
        await older.Database.ExecuteSqlRawAsync("""
            CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '审计日志只能追加，不能修改或删除'; END $$;
            CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
            """);
        await older.Database.MigrateAsync();
        (await AuditTriggersAsync(older)).ShouldBe(["audit_entries_no_change", "audit_entries_no_truncate"]);

        var truncate = () => older.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries");
        (await truncate.ShouldThrowAsync<Npgsql.PostgresException>()).MessageText.ShouldContain("审计日志只能追加");
    }

    [Fact]
    public async Task SearchGramsInLinearTimeGivesTheSameGramsAsTheFunctionItReplaced()
    {
        // The reference disclosures' narrative (long multibyte texts) and the edge cases, through the function as the
        // migration before it left it and as it is now (SearchGramsInLinearTime, then SearchGramsLowerCasedOnce): the
        // same arrays, so the indexes built on it stay valid.
        var texts = new List<string?> { null, "", "a", "AbC", "ÄÖÜ ß", "辽宁省卢氏县", "𠀀𠀁a𠀂", "  双  空格 ", "%_\\" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "data", "reference"), "*.json"))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            texts.AddRange(json.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("title").GetString() + " " + s.GetProperty("body").GetString()));
        }

        await using var db = Context(TestDatabaseServer.CreateDatabase("migrate_grams"));
        await db.GetService<IMigrator>().MigrateAsync("SearchTextLookups");
        var before = await GramsAsync(db, texts);
        await db.Database.MigrateAsync();
        var after = await GramsAsync(db, texts);
        var source = await db.Database.SqlQueryRaw<string>("SELECT prosrc AS \"Value\" FROM pg_proc WHERE proname = 'search_grams'").SingleAsync();

        texts.Count.ShouldBeGreaterThan(15);
        before.Sum(g => g.Length).ShouldBeGreaterThan(10_000);
        source.ShouldContain("string_to_array");
        after.ShouldBe(before);

        static async Task<List<string[]>> GramsAsync(PortalDbContext db, List<string?> texts)
        {
            var grams = new List<string[]>();
            foreach (var text in texts)
            {
                grams.Add((await db.Database.SqlQueryRaw<string[]>("SELECT search_grams({0}::text) AS \"Value\"", (object?)text ?? DBNull.Value).ToListAsync()).Single());
            }

            return grams;
        }
    }

    private static PortalDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);

    private static async Task<List<string>> AuditTriggersAsync(PortalDbContext db) =>
        await db.Database.SqlQueryRaw<string>(
            "SELECT tgname AS \"Value\" FROM pg_trigger WHERE tgrelid = 'audit_entries'::regclass AND NOT tgisinternal ORDER BY tgname").ToListAsync();

    private static string HashOf(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BudgetPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BudgetPortal.sln not found above the test binaries.");
    }
}
