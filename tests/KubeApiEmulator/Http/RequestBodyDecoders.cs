using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;

namespace Operator.Testing.KubeApi.Http;

/// <summary>Picks the <see cref="IRequestBodyDecoder"/> for a request's Content-Type; first match wins.</summary>
internal sealed class RequestBodyDecoders(IEnumerable<IRequestBodyDecoder> decoders)
{
    private readonly List<IRequestBodyDecoder> _decoders = [.. decoders];

    /// <summary>`application/json; charset=utf-8` → `application/json` (C1: parameters are ignored for matching).</summary>
    public static string MediaType(HttpRequest request)
    {
        var contentType = request.ContentType ?? "";
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    public async Task<JsonObject> DecodeObjectAsync(HttpRequest request, CancellationToken ct)
    {
        var node = await DecodeAsync(request, ct);
        return node as JsonObject ?? throw StatusErrors.BadRequest("Object 'Kind' is missing in '" + (node?.ToJsonString() ?? "") + "'");
    }

    public async Task<JsonNode?> DecodeAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = MediaType(request);
        var decoder = _decoders.FirstOrDefault(d => d.CanDecode(mediaType))
            ?? throw StatusErrors.UnsupportedMediaType("application/json, application/yaml, application/vnd.kubernetes.protobuf");
        return await decoder.DecodeAsync(request, mediaType, ct);
    }
}
