using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Operator.Testing.KubeApi.Http;

/// <summary>
/// Seam for request-body formats, chosen by Content-Type (parameters such as `; charset=utf-8` stripped).
/// JSON and YAML (apply-patch) are built in; the kubectl work adds `application/vnd.kubernetes.protobuf` by
/// registering another implementation in <see cref="RequestBodyDecoders"/> (see Server/EmulatorHost.cs).
/// </summary>
internal interface IRequestBodyDecoder
{
    bool CanDecode(string mediaType);

    /// <summary>The body as JSON; throw a KubeApiException (400) for malformed input.</summary>
    Task<JsonNode?> DecodeAsync(HttpRequest request, string mediaType, CancellationToken ct);
}
