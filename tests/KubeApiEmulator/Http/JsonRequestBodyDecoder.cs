using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;

namespace Operator.Testing.KubeApi.Http;

/// <summary>JSON bodies, including the JSON patch media types.</summary>
internal sealed class JsonRequestBodyDecoder : IRequestBodyDecoder
{
    public bool CanDecode(string mediaType) => mediaType is "application/json" or "application/json-patch+json"
        or "application/merge-patch+json" or "application/strategic-merge-patch+json" or "" ||
        (mediaType == "application/apply-patch+yaml");

    public async Task<JsonNode?> DecodeAsync(HttpRequest request, string mediaType, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (text.Length == 0)
        {
            return null;
        }
        if (mediaType == "application/apply-patch+yaml")
        {
            return YamlToJson.Convert(text);
        }
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"error decoding request body: {e.Message}");
        }
    }
}
