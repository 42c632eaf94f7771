using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.KubeApi.Protobuf;

/// <summary>
/// `application/vnd.kubernetes.protobuf` bodies (kubectl's typed `create` commands). Responses stay JSON:
/// kubectl lists `application/json` after protobuf in Accept and reads either.
/// </summary>
internal sealed class ProtobufRequestBodyDecoder : IRequestBodyDecoder
{
    public bool CanDecode(string mediaType) => mediaType == KubernetesProtobufDecoder.ContentType;

    public async Task<JsonNode?> DecodeAsync(HttpRequest request, string mediaType, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return KubernetesProtobufDecoder.TryDecode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
            ?? throw StatusErrors.UnsupportedMediaType("application/json, application/yaml");
    }
}
