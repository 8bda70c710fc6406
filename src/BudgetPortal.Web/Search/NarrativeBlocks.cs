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
    /// A block's grams: those of its sections' texts joined by line breaks, in one call of <c>search_grams</c> per block
    /// rather than one per section (a thousand times faster over short sections: the function's cost is mostly per call).
    /// The pairs across two sections' boundary are extra grams, which can only add a candidate the confirmation drops.
    /// </summary>
    private const string Grams = "search_grams(string_agg(r.title || ' ' || r.body, E'\\n' ORDER BY r.id))";

    /// <summary>
    /// Recomputes the grams of every marked block from its sections and removes the marks; returns how many blocks.
    /// </summary>
    /// <remarks>
    /// Two statements in one transaction, in this order: the marks are deleted first (waiting for any transaction still
    /// inserting into a marked block: it holds its mark's row lock), so the second statement's snapshot sees every section
    /// of those blocks committed until then; a section inserted later marks its block again and is read directly by the
    /// search until the next refresh. Safe to run on several instances at once (a mark is deleted by one of them).
    /// </remarks>
    public static async Task<int> RefreshAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var blocks = new List<int>();
        await using (var delete = new NpgsqlCommand("DELETE FROM narrative_dirty_blocks RETURNING block", connection, transaction))
        await using (var reader = await delete.ExecuteReaderAsync(ct))
        {
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
                SELECT b.block, coalesce((SELECT {{Grams}} FROM narrative_sections r
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

    /// <summary>
    /// After a bulk that nothing else writes beside (generation, before the portal serves): every marked block recomputed
    /// in <paramref name="slices"/> ranges on as many connections at once, then the marks removed (a crash in between
    /// leaves them for the next refresh). Returns how many blocks were marked.
    /// </summary>
    public static async Task<int> RebuildMarkedAsync(string connectionString, int slices, CancellationToken ct)
    {
        async Task<NpgsqlConnection> OpenAsync()
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return connection;
        }

        int first, last, count;
        await using (var connection = await OpenAsync())
        await using (var range = new NpgsqlCommand("SELECT coalesce(min(block), 0), coalesce(max(block), -1), count(*)::int FROM narrative_dirty_blocks", connection))
        await using (var reader = await range.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (first, last, count) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }

        var step = Math.Max(1, (last - first + slices) / Math.Max(1, slices));
        await Task.WhenAll(Enumerable.Range(0, slices).Select(i => first + (i * step)).Where(from => from <= last).Select(async from =>
        {
            await using var connection = await OpenAsync();
            // A block's grams are gathered in one hash of some 10,000 distinct grams: with memory for it in this
            // transaction only, it does not spill (165 → 127 ms for the 51 blocks of 1,000 disclosures).
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var memory = new NpgsqlCommand("SET LOCAL work_mem = '64MB'", connection, transaction))
            {
                await memory.ExecuteNonQueryAsync(ct);
            }

            await using var rebuild = new NpgsqlCommand(
                $$"""
                INSERT INTO narrative_blocks (block, grams)
                SELECT r.id / {{Size}}, {{Grams}} FROM narrative_sections r
                WHERE r.id >= @from * {{Size}} AND r.id < @to * {{Size}} GROUP BY 1
                ON CONFLICT (block) DO UPDATE SET grams = EXCLUDED.grams
                """,
                connection,
                transaction)
            {
                CommandTimeout = 0,
            };
            rebuild.Parameters.AddWithValue("from", from);
            rebuild.Parameters.AddWithValue("to", Math.Min(from + step, last + 1));
            await rebuild.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }));

        await using (var connection = await OpenAsync())
        await using (var unmark = new NpgsqlCommand("DELETE FROM narrative_dirty_blocks WHERE block BETWEEN @first AND @last", connection))
        {
            unmark.Parameters.AddWithValue("first", first);
            unmark.Parameters.AddWithValue("last", last);
            await unmark.ExecuteNonQueryAsync(ct);
        }

        return count;
    }
}
