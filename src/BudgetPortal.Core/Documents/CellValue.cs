using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetPortal.Core.Documents;

/// <summary>
/// One published cell: a number (exact decimal, scale as printed), a text, or blank. Blank is not zero.
/// In JSON: a number, a string, or null.
/// </summary>
[JsonConverter(typeof(CellValueJsonConverter))]
public readonly record struct CellValue
{
    public decimal? Number { get; }
    public string? Text { get; }

    private CellValue(decimal? number, string? text)
    {
        Number = number;
        Text = text;
    }

    public static CellValue Blank => default;
    public static CellValue Of(decimal number) => new(number, null);
    public static CellValue Of(string? text) => string.IsNullOrEmpty(text) ? default : new(null, text);

    public bool IsBlank => Number is null && Text is null;

    public override string ToString() =>
        Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? "";
}

public sealed class CellValueJsonConverter : JsonConverter<CellValue>
{
    public override bool HandleNull => true;

    public override CellValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => CellValue.Blank,
            JsonTokenType.Number => CellValue.Of(reader.GetDecimal()),
            JsonTokenType.String => CellValue.Of(reader.GetString()),
            _ => throw new JsonException($"单元格的值只能是数字、文本或 null，而不是 {reader.TokenType}。"),
        };

    public override void Write(Utf8JsonWriter writer, CellValue value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
