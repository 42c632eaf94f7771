using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>
/// Reads an enum of the spec by its Kubernetes name (<see cref="JsonStringEnumMemberNameAttribute"/>), and a name this
/// build does not know as the enum's <c>Unrecognized</c> member instead of failing. A DelegatedCredential stored under a
/// newer CRD (a value added since, then the operator rolled back) or under a CRD edited by hand must still be read: the
/// informer lists every credential in one call, so one unreadable object kept all of them from being reconciled. Read,
/// it reaches <c>DelegatedCredentialValidator</c>, which refuses it as InvalidSpec naming the field. Written back (the
/// caches copy objects through JSON), <c>Unrecognized</c> is an empty string, which reads as <c>Unrecognized</c> again;
/// the operator never writes a spec to the API server. System.Text.Json's own converter can only fail or accept numbers.
/// It is named on each property as well as on the enum: KubernetesClient's options carry a string-enum converter of
/// their own, which outranks a converter named on the type but not one named on the property.
/// </summary>
public sealed class LenientEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly T s_unrecognized = Enum.Parse<T>("Unrecognized");

    private static readonly FrozenDictionary<T, string> s_names = typeof(T)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>() is not null)
        .ToFrozenDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    private static readonly FrozenDictionary<string, T> s_values = s_names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The names this build knows, in declaration order (for messages).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<T>().Where(s_names.ContainsKey).Select(v => s_names[v])];

    public static bool IsUnrecognized(T value) => EqualityComparer<T>.Default.Equals(value, s_unrecognized);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && s_values.TryGetValue(reader.GetString()!, out var value) ? value : Skip(ref reader);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(s_names.GetValueOrDefault(value, ""));

    private static T Skip(ref Utf8JsonReader reader)
    {
        // A number, object or array where a name belongs is as unknown as an unknown name; the reader must still move past it.
        reader.Skip();
        return s_unrecognized;
    }
}
