using Npgsql;

namespace BudgetPortal.Web.Search;

/// <summary>
/// The narrative sections' search index by blocks (decision 0450, migration <c>NarrativeSearchBlocks</c>): the grams of
/// every <see cref="Size"/> consecutive section ids in one row of <c>narrative_blocks</c>, under a GIN index. Inserting or
/// updating sections marks their blocks in <c>narrative_dirty_blocks</c> (a trigger); the search reads the sections of
/// marked blocks directly, and <see cref="RefreshAsync"/> folds them into their block rows.
/// </summary>
public static class NarrativeBlocks
{
    /// <summary>Section ids per block: the <c>id / 64</c> of the migration's triggers.</summary>
    public const int Size = 64;

    /// <summary>
    /// Recomputes the grams of every marked block from its sections and removes the marks; returns how many blocks.
    /// </summary>
    /// <remarks>
    /// Two statements in one transaction, in this order: the marks are deleted first (waiting for any transaction still
    /// inserting into a marked block: it holds its mark's row lock), so the second statement's snapshot sees every section
    /// of those blocks committed until then; a section inserted later marks its block again and is read directly by the
    /// search until the next refresh. Safe to run on several instances at once (a mark is deleted by one of them). Only
    /// the marked blocks from <paramref name="first"/> to <paramref name="last"/> when given: generation refreshes a
    /// bulk's blocks in slices, on several connections at once (decision 0440).
    /// </remarks>
    public static async Task<int> RefreshAsync(NpgsqlConnection connection, CancellationToken ct, int first = 0, int last = int.MaxValue)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var blocks = new List<int>();
        await using (var delete = new NpgsqlCommand("DELETE FROM narrative_dirty_blocks WHERE block BETWEEN @first AND @last RETURNING block", connection, transaction))
        {
            delete.Parameters.AddWithValue("first", first);
            delete.Parameters.AddWithValue("last", last);
            await using var reader = await delete.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                blocks.Add(reader.GetInt32(0));
            }
        }

        if (blocks.Count > 0)
        {
            await using var refresh = new NpgsqlCommand(
                $$"""
                INSERT INTO narrative_blocks (block, grams)
                SELECT b.block, coalesce((SELECT array_agg(DISTINCT g ORDER BY g) FROM narrative_sections r
                  CROSS JOIN LATERAL unnest(search_grams(r.title || ' ' || r.body)) AS g
                  WHERE r.id >= b.block * {{Size}} AND r.id < (b.block + 1) * {{Size}}), '{}')
                FROM unnest(@blocks) AS b(block)
                ON CONFLICT (block) DO UPDATE SET grams = EXCLUDED.grams
                """,
                connection,
                transaction)
            {
                CommandTimeout = 0,
            };
            refresh.Parameters.AddWithValue("blocks", blocks.ToArray());
            await refresh.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return blocks.Count;
    }
}
