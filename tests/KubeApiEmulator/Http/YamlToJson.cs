using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Operator.Testing.KubeApi.Http;

/// <summary>
/// YAML as the JSON kubectl sends. Apply patches arrive as `application/apply-patch+yaml` (JSON is valid YAML); the
/// tests read the repository's CRD and samples, and the sandbox its manifests, through the same rules. Plain scalars
/// are typed as kube's sigs.k8s.io/yaml types them (bool, int, float, null; NaN and Infinity stay strings, which JSON
/// cannot carry); quoted and block scalars stay strings. Every field is kept (a typed deserializer would drop what
/// a model does not know).
/// </summary>
internal static class YamlToJson
{
    /// <summary>The first document of an apply body; malformed YAML is a 400, as the API server answers it.</summary>
    public static JsonNode? Convert(string text)
    {
        try
        {
            return Documents(text).FirstOrDefault();
        }
        catch (YamlException e)
        {
            throw StatusErrors.BadRequest($"error decoding YAML: {e.Message}");
        }
    }

    /// <summary>Every document of a YAML stream (`---` separated), in order; malformed YAML throws <see cref="YamlException"/>.</summary>
    public static IReadOnlyList<JsonNode?> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Node(d.RootNode))];
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p =>
            KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Node(p.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }
        return value switch
        {
            "null" or "Null" or "NULL" or "~" or "" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            // .NET also parses "NaN" and "Infinity", which JSON cannot carry (serializing them throws): they stay strings.
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
            _ => JsonValue.Create(value),
        };
    }
}
