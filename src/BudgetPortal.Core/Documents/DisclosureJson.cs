using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetPortal.Core.Documents;

/// <summary>Reads and writes the disclosure exchange format (docs/disclosure-format.md).</summary>
public static class DisclosureJson
{
    /// <summary>camelCase, Chinese left readable (not \u-escaped), indented for review in the repository.</summary>
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    public static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses and validates; throws <see cref="DisclosureFormatException"/> with Chinese messages.</summary>
    public static DisclosureDocument Parse(string json, string source)
    {
        DisclosureDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<DisclosureDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new DisclosureFormatException(source, [$"JSON 格式错误（第 {ex.LineNumber + 1} 行）：{ex.Message}"]);
        }

        if (document is null)
        {
            throw new DisclosureFormatException(source, ["文件为空。"]);
        }

        var errors = DisclosureValidator.Validate(document);
        if (errors.Count > 0)
        {
            throw new DisclosureFormatException(source, errors);
        }

        return RowIdentity.Apply(document);
    }

    public static string Serialize(DisclosureDocument document) => JsonSerializer.Serialize(document, Options);
}

public sealed class DisclosureFormatException(string source, IReadOnlyList<string> errors)
    : Exception($"{source}：{string.Join("；", errors.Take(20))}")
{
    public string FileName { get; } = source;
    public IReadOnlyList<string> Errors { get; } = errors;
}
