using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Operator.Testing.KubeApi.Protobuf;

/// <summary>
/// Turns an `application/vnd.kubernetes.protobuf` request body into the JSON object the store expects.
/// The body is the 4-byte magic `k8s\0` then a `runtime.Unknown` {typeMeta = 1 {apiVersion = 1, kind = 2},
/// raw = 2, contentEncoding = 3, contentType = 4}; `raw` is the object's own message.
/// </summary>
/// <remarks>
/// Only the kinds kubectl's typed `create` commands send are known (docs/emulators.md §1.4, kubectl protobuf); anything else
/// is refused so the emulator answers 415 instead of storing a half-decoded object.
/// </remarks>
internal static class KubernetesProtobufDecoder
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] s_magic = "k8s\0"u8.ToArray();

    private static readonly Dictionary<(string ApiVersion, string Kind), ProtoMessage> s_known = new()
    {
        [("v1", "Namespace")] = KubernetesMessages.Namespace,
        [("v1", "ServiceAccount")] = KubernetesMessages.ServiceAccount,
        [("v1", "Secret")] = KubernetesMessages.Secret,
        [("v1", "ConfigMap")] = KubernetesMessages.ConfigMap,
        [("authentication.k8s.io/v1", "TokenRequest")] = KubernetesMessages.TokenRequest,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = KubernetesMessages.SelfSubjectAccessReview,
    };

    /// <summary>The decoded object with `apiVersion` and `kind` first, or null when the body is not one
    /// of the known kinds or not a Kubernetes protobuf envelope.</summary>
    public static JsonObject? TryDecode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(s_magic))
        {
            return null;
        }

        try
        {
            var (apiVersion, kind, raw) = Unwrap(ByteString.CopyFrom(body[s_magic.Length..]));
            if (!s_known.TryGetValue((apiVersion, kind), out var message))
            {
                return null;
            }

            var json = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (key, value) in message.Decode(raw).ToList())
            {
                json[key] = value?.DeepClone();
            }

            return json;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static (string ApiVersion, string Kind, ByteString Raw) Unwrap(ByteString unknown)
    {
        var typeMeta = new ProtoMessage(new ProtoField(1, "apiVersion", ProtoFieldShape.Text), new ProtoField(2, "kind", ProtoFieldShape.Text));
        var (apiVersion, kind, raw) = ("", "", ByteString.Empty);
        var input = unknown.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    var meta = typeMeta.Decode(input.ReadBytes());
                    (apiVersion, kind) = (meta["apiVersion"]?.GetValue<string>() ?? "", meta["kind"]?.GetValue<string>() ?? "");
                    break;
                case 2: raw = input.ReadBytes(); break;
                default: input.SkipLastField(); break;
            }
        }

        return (apiVersion, kind, raw);
    }
}
