using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetPortal.Tests.Web;

/// <summary>The narrative search blocks stay complete while sections are written and blocks refreshed at once (decision 0450).</summary>
public sealed class NarrativeBlocksTests : PortalPerTest<PortalAppFactory>
{
    [Fact]
    public async Task SectionsWrittenWhileRefreshesRunAreEachInTheirBlockOrMarked()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var connectionString = db.Database.GetConnectionString()!;
        var version = await db.Disclosures.Where(d => d.CurrentVersionId != null).Select(d => d.CurrentVersionId!.Value).FirstAsync();
        using var done = new CancellationTokenSource();

        // Four writers insert sections one transaction at a time (each holding its transaction open a moment after the
        // insert, so that a refresh comes between insert and commit); two refreshers run meanwhile.
        async Task WriteAsync(int writer)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            for (var i = 0; i < 40; i++)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO narrative_sections (version_id, ordinal, key, title, body) VALUES (@v, @o, 'race', @t, @b)", connection, transaction);
                insert.Parameters.AddWithValue("v", version);
                insert.Parameters.AddWithValue("o", 10_000 + (writer * 100) + i);
                insert.Parameters.AddWithValue("t", $"并发{writer}");
                insert.Parameters.AddWithValue("b", $"写入者{writer}第{i}节：樟{writer}楠{i}");
                await insert.ExecuteNonQueryAsync();
                await Task.Delay(Random.Shared.Next(0, 4));
                await transaction.CommitAsync();
            }
        }

        async Task RefreshAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            while (!done.IsCancellationRequested)
            {
                await NarrativeBlocks.RefreshAsync(connection, CancellationToken.None);
            }
        }

        var refreshers = new[] { RefreshAsync(), RefreshAsync() };
        await Task.WhenAll(Enumerable.Range(0, 4).Select(WriteAsync));
        await done.CancelAsync();
        await Task.WhenAll(refreshers);

        // Every section's grams are in its block's, unless its block is still marked (the search then reads it directly).
#pragma warning disable EF1003 // constant SQL of this test
        var missing = await db.Database.SqlQueryRaw<int>(
            $"SELECT r.id AS \"Value\" FROM narrative_sections r LEFT JOIN narrative_blocks b ON b.block = r.id / {NarrativeBlocks.Size} " +
            $"WHERE r.key = 'race' AND NOT EXISTS (SELECT 1 FROM narrative_dirty_blocks m WHERE m.block = r.id / {NarrativeBlocks.Size}) " +
            "AND (b.grams IS NULL OR NOT b.grams @> search_grams(r.title || ' ' || r.body))").ToListAsync();
#pragma warning restore EF1003
        var written = await db.Sections.CountAsync(s => s.Key == "race");
        var found = await PortalSearch.SectionMatchesAsync(db, ["樟3楠39"], [version], 50, CancellationToken.None);

        written.ShouldBe(160);
        missing.ShouldBeEmpty();
        found.Select(s => s.Title).ShouldBe(["并发3"]);
    }
}
