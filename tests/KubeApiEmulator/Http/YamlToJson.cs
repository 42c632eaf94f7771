using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Operator.Testing.KubeApi.Http;

/// <summary>
/// Apply patches arrive as `application/apply-patch+yaml` (JSON is valid YAML). Plain scalars are typed as YAML 1.1
/// would type them in kube's sigs.k8s.io/yaml (bool, int, float, null); quoted scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    public static JsonNode? Convert(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw StatusErrors.BadRequest($"error decoding YAML: {e.Message}");
        }
        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
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
