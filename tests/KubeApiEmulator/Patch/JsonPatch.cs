using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;

namespace Operator.Testing.KubeApi.Patch;

/// <summary>
/// RFC 6902 JSON patch incl. `test` (A3). Hand-written over JsonNode because no JSON-patch library for
/// System.Text.Json nodes is served by the package mirror. Any failure is a 422 as kube-apiserver reports it.
/// </summary>
internal static class JsonPatch
{
    private const int MaxOperations = 10_000;

    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw Rejected("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        if (operations.Count > MaxOperations)
        {
            throw StatusErrors.New(413, "RequestEntityTooLarge",
                $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}", null);
        }
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            document = ApplyOne(document, operation as JsonObject ?? throw Rejected("invalid operation"));
        }
        return document;
    }

    private static JsonNode ApplyOne(JsonNode document, JsonObject operation)
    {
        var op = operation["op"]?.GetValue<string>() ?? "";
        var path = JsonPointer.Parse(operation["path"]?.GetValue<string>() ?? throw Rejected($"missing path in \"{op}\" operation"));
        switch (op)
        {
            case "add":
                return JsonPointer.Add(document, path, Value(operation));
            case "remove":
                JsonPointer.Remove(document, path);
                return document;
            case "replace":
                JsonPointer.Remove(document, path);
                return JsonPointer.Add(document, path, Value(operation));
            case "move":
                {
                    var from = JsonPointer.Parse(operation["from"]?.GetValue<string>() ?? "");
                    var moved = JsonPointer.Get(document, from)?.DeepClone();
                    JsonPointer.Remove(document, from);
                    return JsonPointer.Add(document, path, moved);
                }
            case "copy":
                {
                    var from = JsonPointer.Parse(operation["from"]?.GetValue<string>() ?? "");
                    return JsonPointer.Add(document, path, JsonPointer.Get(document, from)?.DeepClone());
                }
            case "test":
                {
                    // As evanphx/json-patch (kube-apiserver's library): when the parent exists but the last key does
                    // not, the value is null, so `test` for null passes. Finalizer helpers (kube-rs) rely on it.
                    var actual = path.Length > 0 && JsonPointer.Get(document, path[..^1]) is JsonObject parent && !parent.ContainsKey(path[^1])
                        ? null
                        : JsonPointer.Get(document, path);
                    if (!JsonNode.DeepEquals(actual, operation["value"]))
                    {
                        throw Rejected($"testing value {operation["path"]} failed: test failed");
                    }
                    return document;
                }
            default:
                throw Rejected($"Unexpected kind: {op}");
        }
    }

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Rejected("missing value");

    /// <summary>422 with the generic message of NewGenericServerResponse and the library's text as the cause.</summary>
    public static KubeApiException Rejected(string detail) =>
        StatusErrors.New(422, "Invalid", "the server rejected our request due to an error in our request",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = detail }) });
}
