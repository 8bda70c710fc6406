using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using BudgetPortal.Web.Data.Entities;

namespace BudgetPortal.Web.Data;

/// <summary>
/// The compact stored form of a table's header tree (<c>disclosure_tables.columns</c>) and of a row's cells
/// (<c>table_rows.cells</c>), both PostgreSQL <c>json</c> (decision 0361). A row's cells are one positional array, a
/// number for an amount (its printed scale kept: <c>0.00</c> stays <c>0.00</c>), a string for text, <c>null</c> for a
/// blank cell (blank ≠ 0), trailing blanks left out. Columns are objects with one-letter keys: <c>o</c> ordinal,
/// <c>p</c> parent ordinal, <c>t</c> title, and on leaves <c>k</c> key, <c>y</c> type, <c>r</c> role, <c>l</c> leaf index,
/// <c>q</c> the key of the column whose last-year figure it holds (上年数).
/// EF (value converters) and the binary COPY of <see cref="TableBulkWriter"/> both write through here.
/// </summary>
public static class StoredJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Cells(IReadOnlyList<TableCell> cells)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            var next = 0;
            foreach (var cell in cells.Where(c => c.Amount is not null || c.Text is not null).OrderBy(c => c.ColumnIndex))
            {
                for (; next < cell.ColumnIndex; next++)
                {
                    writer.WriteNullValue();
                }

                if (cell.Amount is { } amount)
                {
                    writer.WriteNumberValue(amount);
                }
                else
                {
                    writer.WriteStringValue(cell.Text);
                }

                next = cell.ColumnIndex + 1;
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<TableCell> ParseCells(string json)
    {
        var cells = new List<TableCell>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    cells.Add(new TableCell { ColumnIndex = index, Amount = decimal.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), NumberStyles.Float, CultureInfo.InvariantCulture) });
                    break;
                case JsonTokenType.String:
                    cells.Add(new TableCell { ColumnIndex = index, Text = reader.GetString() });
                    break;
            }
        }

        return cells;
    }

    public static string Columns(IReadOnlyList<TableColumn> columns)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            foreach (var c in columns)
            {
                writer.WriteStartObject();
                writer.WriteNumber("o", c.Ordinal);
                if (c.ParentOrdinal is { } parent)
                {
                    writer.WriteNumber("p", parent);
                }

                writer.WriteString("t", c.Title);
                Optional("k", c.Key);
                Optional("y", c.Type);
                Optional("r", c.Role);
                if (c.LeafIndex is { } leaf)
                {
                    writer.WriteNumber("l", leaf);
                }

                Optional("q", c.PriorYearOf);

                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            void Optional(string name, string? value)
            {
                if (value is not null)
                {
                    writer.WriteString(name, value);
                }
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<TableColumn> ParseColumns(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(c => new TableColumn
        {
            Ordinal = c.GetProperty("o").GetInt32(),
            ParentOrdinal = c.TryGetProperty("p", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null,
            Title = c.GetProperty("t").GetString() ?? "",
            Key = Text(c, "k"),
            Type = Text(c, "y"),
            Role = Text(c, "r"),
            LeafIndex = c.TryGetProperty("l", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null,
            PriorYearOf = Text(c, "q"),
        })];

        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
