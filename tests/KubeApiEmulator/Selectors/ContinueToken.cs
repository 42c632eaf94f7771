using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Selectors;

/// <summary>
/// The real continue token (L3): base64url (unpadded) of `{"v":"meta.k8s.io/v1","rv":N,"start":"ns/name\u0000"}`,
/// where start is the key after the last returned one.
/// </summary>
internal sealed record ContinueToken(long Revision, string StartKey)
{
    public string Encode()
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = Revision, ["start"] = StartKey }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public static ContinueToken Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)))!;
            if (json["v"]?.GetValue<string>() != "meta.k8s.io/v1")
            {
                throw StatusErrors.BadRequest("invalid continue token: continue key is not supported by server");
            }
            var revision = json["rv"]!.AsLong()!.Value;
            var start = json["start"]!.GetValue<string>();
            if (revision == 0 || start.Length == 0)
            {
                throw StatusErrors.BadRequest("invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
            return new ContinueToken(revision, start);
        }
        catch (Exception e) when (e is not KubeApiException)
        {
            throw StatusErrors.BadRequest($"invalid continue token: {e.Message}");
        }
    }
}
