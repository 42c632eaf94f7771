using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace Operator.Runtime;

/// <summary>
/// KubernetesClient's JSON settings (its converters for times, quantities, IntOrString; camelCase; nulls left out) used
/// through UTF-8. <see cref="KubernetesJson"/> offers strings only, and the caches copy and compare objects on every
/// reconcile: through a string each copy was transcoded twice and held twice as many bytes. The options are KubernetesJson's
/// own instance (read through its public <see cref="KubernetesJson.AddJsonOptions"/>), so the output is the same JSON.
/// </summary>
internal static class ModelJson
{
    private static readonly JsonSerializerOptions Options = KubernetesOptions();

    /// <summary>A deep copy: the models are mutable and <c>with</c> copies only shallowly.</summary>
    public static T Clone<T>(T value)
        where T : class =>
        (T)JsonSerializer.Deserialize(Utf8(value), Info(value.GetType()))!;

    public static byte[] Utf8(object value) => JsonSerializer.SerializeToUtf8Bytes(value, Info(value.GetType()));

    /// <summary>An object read from <see cref="Utf8"/>'s output.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> json)
        where T : class =>
        (T)JsonSerializer.Deserialize(json, Info(typeof(T)))!;

    public static JsonNode? Node(object value) => JsonSerializer.SerializeToNode(value, Info(value.GetType()));

    // Through the options' resolvers (the generated contexts first: Runtime/OperatorJsonContext.cs), never the
    // serializer's reflection-only overloads, which the native build does not have.
    private static JsonTypeInfo Info(Type type) => Options.GetTypeInfo(type);

    private static JsonSerializerOptions KubernetesOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options!;
    }
}
