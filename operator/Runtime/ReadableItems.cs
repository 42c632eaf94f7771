using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Operator.Runtime;

/// <summary>
/// A list's items as far as they can be read: an item the model cannot hold (a field whose type a hand-edited CRD
/// changed, for one) is left out and described in <see cref="Unreadable"/> instead of failing the whole LIST, which
/// would keep the informer from syncing and so every object of the resource from being reconciled.
/// </summary>
internal sealed class ReadableItems<T> : List<T>
{
    public List<UnreadableItem> Unreadable { get; } = [];
}

/// <summary>An item left out of a list: who it is and where its JSON does not fit the model (no values: they may be secret).</summary>
internal sealed record UnreadableItem(string? Namespace, string? Name, string Field)
{
    public static UnreadableItem Of(JsonElement item, Exception error)
    {
        var metadata = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return new UnreadableItem(Text(metadata, "namespace"), Text(metadata, "name"), FieldOf(error));
    }

    /// <summary>
    /// The JSON path of the failure without its root (<c>spec.ttl</c>); <c>(the whole object)</c> at the root; <c>(a field)</c>
    /// when a converter failed without one (a <see cref="FormatException"/> of a date, say).
    /// </summary>
    public static string FieldOf(Exception error) => error switch
    {
        JsonException { Path: { } path } => path.TrimStart('$').TrimStart('.') is { Length: > 0 } field ? field : "(the whole object)",
        _ => "(a field)",
    };

    /// <summary>What a model cannot read: System.Text.Json's own failures, and a converter's parse of a value's text.</summary>
    public static bool IsUnreadable(Exception error) => error is JsonException or FormatException;

    private static string? Text(JsonElement metadata, string name) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>
/// Reads a list's <c>items</c> one by one into <see cref="ReadableItems{T}"/>. Hand-written because System.Text.Json
/// stops at the first item that fails; here the reader is rewound to the item's start (a converter is handed the whole
/// value buffered, so a copy of the reader is a checkpoint) and the item is skipped.
/// </summary>
internal sealed class ReadableItemsConverter<T> : JsonConverter<IList<T>>
{
    public override IList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"items must be an array, not {reader.TokenType}");
        }

        // Through the options' resolvers (Runtime/OperatorJsonContext.cs), not the reflection-only overloads.
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var items = new ReadableItems<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = reader;
            try
            {
                if (JsonSerializer.Deserialize(ref reader, info) is { } item)
                {
                    items.Add(item);
                }
            }
            catch (Exception error) when (UnreadableItem.IsUnreadable(error))
            {
                reader = start;
                using var skipped = JsonDocument.ParseValue(ref reader);
                items.Unreadable.Add(UnreadableItem.Of(skipped.RootElement, error));
            }
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IList<T> value, JsonSerializerOptions options)
    {
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, info);
        }

        writer.WriteEndArray();
    }
}
