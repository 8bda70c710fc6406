using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Npgsql;
using NpgsqlTypes;

namespace BudgetPortal.Web.Data;

/// <summary>
/// Writes whole tables (header tree with the table, rows with their cells, see <see cref="StoredJson"/>) with PostgreSQL
/// binary COPY instead of one EF insert per row: a confirmed workbook import (every table of a draft) uses it; the synthetic data
/// writes the same columns from templates it has serialized once (<c>SyntheticData</c>, decision 0410).
/// Ids come from <paramref name="nextId"/> (a reserved range, see <see cref="ReserveIdsAsync"/>). Tables with form lines
/// (<see cref="TableDocument.Fields"/>) are not written here: their JSON column goes through EF.
/// </summary>
public static class TableBulkWriter
{
    public sealed record Item(int VersionId, int Ordinal, DisclosureTable Entity);

    /// <summary>The COPY of stored tables, in the column order every writer of them follows (this one and the synthetic data).</summary>
    public const string TablesCopy = "COPY disclosure_tables (id, version_id, ordinal, number, code, title, unit, decimals, missing, empty_note, footnotes, columns) FROM STDIN (FORMAT BINARY)";

    /// <summary>The COPY of stored rows, in the column order every writer of them follows.</summary>
    public const string RowsCopy = "COPY table_rows (id, table_id, ordinal, level, role, code, name, unit_code, project, cells) FROM STDIN (FORMAT BINARY)";

    /// <summary>How long a binary COPY may run (a batch of synthetic disclosures takes minutes): not the 30-second command timeout.</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(30);

    public static async Task WriteAsync(NpgsqlConnection connection, Func<string, int> nextId, IReadOnlyList<(int VersionId, List<TableDocument> Tables)> versions, CancellationToken ct) =>
        await WriteAsync(connection, nextId, [.. versions.SelectMany(v => v.Tables.Select((t, i) => new Item(v.VersionId, i + 1, DisclosureMapper.ToEntity(t, i + 1))))], ct);

    public static async Task WriteAsync(NpgsqlConnection connection, Func<string, int> nextId, IReadOnlyList<Item> items, CancellationToken ct)
    {
        var tableIds = new int[items.Count];
        await using (var writer = await BeginAsync(connection, TablesCopy, ct))
        {
            for (var i = 0; i < items.Count; i++)
            {
                var (versionId, ordinal, entity) = items[i];
                tableIds[i] = nextId("disclosure_tables");
                await RowAsync(writer, ct, tableIds[i], versionId, ordinal, entity.Number, entity.Code, entity.Title, entity.Unit, entity.Decimals, entity.Missing, entity.EmptyNote, entity.Footnotes.ToArray(), new Json(StoredJson.Columns(entity.Columns)));
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await BeginAsync(connection, RowsCopy, ct))
        {
            for (var i = 0; i < items.Count; i++)
            {
                foreach (var r in items[i].Entity.Rows)
                {
                    await RowAsync(writer, ct, nextId("table_rows"), tableIds[i], r.Ordinal, r.Level, r.Role, r.Code, r.Name, r.UnitCode, r.Project, new Json(StoredJson.Cells(r.Cells)));
                }
            }

            await writer.CompleteAsync(ct);
        }
    }

    /// <summary>
    /// Reserves ids from the identity sequences for what <paramref name="items"/> will write (safe against concurrent
    /// inserts: each id is a <c>nextval</c>), returned as a <c>nextId</c> for <see cref="WriteAsync(NpgsqlConnection, Func{string, int}, IReadOnlyList{Item}, CancellationToken)"/>.
    /// </summary>
    public static async Task<Func<string, int>> ReserveIdsAsync(NpgsqlConnection connection, IReadOnlyList<Item> items, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>
        {
            ["disclosure_tables"] = items.Count,
            ["table_rows"] = items.Sum(i => i.Entity.Rows.Count),
        };
        var reserved = new Dictionary<string, Queue<int>>();
        foreach (var (table, count) in counts)
        {
            await using var command = new NpgsqlCommand($"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))::int FROM generate_series(1, @n)", connection);
            command.Parameters.AddWithValue("n", count);
            var ids = new Queue<int>(count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Enqueue(reader.GetInt32(0));
            }

            reserved[table] = ids;
        }

        return table => reserved[table].Dequeue();
    }

    /// <summary>Audit entries in one COPY (their ids from the identity column): an import's thousands of changed cells.</summary>
    public static async Task WriteAuditAsync(NpgsqlConnection connection, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var writer = await BeginAsync(connection,
            "COPY audit_entries (at, user_id, user_name, action, disclosure_id, version_id, location, old_value, new_value, detail, file_name, file_hash) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in entries)
        {
            await RowAsync(writer, ct, e.At, e.UserId, e.UserName, e.Action, e.DisclosureId, e.VersionId, e.Location, e.OldValue, e.NewValue, e.Detail, e.FileName, e.FileHash);
        }

        await writer.CompleteAsync(ct);
    }

    /// <summary>A binary COPY that may run for minutes (a batch of synthetic disclosures): no 30-second command timeout.</summary>
    public static async Task<NpgsqlBinaryImporter> BeginAsync(NpgsqlConnection connection, string copy, CancellationToken ct)
    {
        var importer = await connection.BeginBinaryImportAsync(copy, ct);
        importer.Timeout = CopyTimeout;
        return importer;
    }

    /// <summary>A value for a <c>json</c> column (a plain string is written as text).</summary>
    public readonly record struct Json(string Text);

    /// <summary>One row of a COPY, each value written as its own type (a string as text, which varchar columns take), null as NULL.</summary>
    public static async Task RowAsync(NpgsqlBinaryImporter writer, CancellationToken ct, params object?[] values)
    {
        await writer.StartRowAsync(ct);
        foreach (var value in values)
        {
            await (value switch
            {
                null => writer.WriteNullAsync(ct),
                string v => writer.WriteAsync(v, NpgsqlDbType.Text, ct),
                int v => writer.WriteAsync(v, NpgsqlDbType.Integer, ct),
                long v => writer.WriteAsync(v, NpgsqlDbType.Bigint, ct),
                bool v => writer.WriteAsync(v, NpgsqlDbType.Boolean, ct),
                decimal v => writer.WriteAsync(v, NpgsqlDbType.Numeric, ct),
                DateOnly v => writer.WriteAsync(v, NpgsqlDbType.Date, ct),
                DateTimeOffset v => writer.WriteAsync(v, NpgsqlDbType.TimestampTz, ct),
                string[] v => writer.WriteAsync(v, NpgsqlDbType.Array | NpgsqlDbType.Text, ct),
                Json v => writer.WriteAsync(v.Text, NpgsqlDbType.Json, ct),
                _ => throw new ArgumentException($"No COPY type for {value.GetType().Name}", nameof(values)),
            });
        }
    }
}
