using System.Globalization;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>
/// `POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token`, in kube-apiserver's order of checks
/// (pkg/registry/core/serviceaccount/storage/token.go): body name/namespace, ServiceAccount, defaults,
/// static validation, bound object, then the token (docs/emulators.md §1.4, T1–T4).
/// </summary>
/// <param name="audiences">The API server's own audiences (`--api-audiences`; default: the issuer).</param>
internal sealed class TokenRequestEndpoint(
    ServiceAccountTokenIssuer issuer, IReadOnlyList<string> audiences, ITokenRequestObjects objects, TimeProvider time)
{
    public const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;

    public TokenRequestResult Create(string namespaceName, string name, JsonObject request)
    {
        var req = (JsonObject)request.DeepClone();
        var meta = req["metadata"] as JsonObject ?? [];
        req["metadata"] = meta;
        var spec = req["spec"] as JsonObject ?? [];
        req["spec"] = spec;

        if (BodyMismatch(meta, namespaceName, name) is { } mismatch)
        {
            return mismatch;
        }

        if (Find("serviceaccounts", namespaceName, name) is not { } sa)
        {
            return TokenRequestRejection.NotFound("serviceaccounts", name);
        }

        var saRef = new ObjectRef(name, Uid(sa));
        spec["expirationSeconds"] ??= DefaultExpirationSeconds;
        if (spec["expirationSeconds"].AsLong() is not { } expiration)
        {
            return TokenRequestRejection.BadRequest("spec.expirationSeconds: must be an integer");
        }

        if (spec["audiences"] is not JsonArray { Count: > 0 })
        {
            spec["audiences"] = new JsonArray([.. audiences.Select(a => JsonValue.Create(a))]);
        }

        var now = time.GetUtcNow();
        meta["name"] = name;
        meta["namespace"] = namespaceName;
        meta["uid"] = saRef.Uid;
        meta["creationTimestamp"] = Timestamp(now);
        req.Remove("status");

        if (OutOfRange(expiration) is { } outOfRange)
        {
            return outOfRange;
        }

        var claims = new ServiceAccountTokenClaims(namespaceName, saRef,
            [.. ((JsonArray)spec["audiences"]!).Select(a => a!.GetValue<string>())], now, expiration);
        if (spec["boundObjectRef"] is JsonObject boundRef)
        {
            var bound = Bind(claims, boundRef, namespaceName, name);
            if (bound.Rejection is { } rejection)
            {
                return rejection;
            }

            claims = bound.Claims!;
        }

        req["status"] = new JsonObject
        {
            ["token"] = issuer.Issue(claims),
            ["expirationTimestamp"] = Timestamp(claims.Expiry),
        };
        return new TokenRequestResult(req, null);
    }

    private static TokenRequestRejection? BodyMismatch(JsonObject meta, string namespaceName, string name) =>
        (meta["name"]?.GetValue<string>(), meta["namespace"]?.GetValue<string>()) switch
        {
            ({ Length: > 0 } bodyName, _) when bodyName != name =>
                TokenRequestRejection.Invalid(name, "metadata.name", Quote(bodyName), "must match the service account name if specified"),
            (_, { Length: > 0 } bodyNs) when bodyNs != namespaceName =>
                TokenRequestRejection.Invalid(name, "metadata.namespace", Quote(bodyNs), "must match the service account namespace if specified"),
            _ => null,
        };

    /// <summary>Static validation (pkg/apis/authentication/validation), reported against an unnamed object.</summary>
    private static TokenRequestRejection? OutOfRange(long expiration) => expiration switch
    {
        < MinExpirationSeconds => TokenRequestRejection.Invalid("", "spec.expirationSeconds", Number(expiration), "may not specify a duration less than 10 minutes"),
        > MaxExpirationSeconds => TokenRequestRejection.Invalid("", "spec.expirationSeconds", Number(expiration), "may not specify a duration larger than 2^32 seconds"),
        _ => null,
    };

    private sealed record Binding(ServiceAccountTokenClaims? Claims, TokenRequestRejection? Rejection);

    private Binding Bind(ServiceAccountTokenClaims claims, JsonObject boundRef, string namespaceName, string saName)
    {
        var apiVersion = boundRef["apiVersion"]?.GetValue<string>() ?? "";
        var kind = boundRef["kind"]?.GetValue<string>() ?? "";
        var refName = boundRef["name"]?.GetValue<string>() ?? "";
        var refUid = boundRef["uid"]?.GetValue<string>() ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var (resource, ns) = (group, kind) switch
        {
            ("", "Pod") => ("pods", namespaceName),
            ("", "Secret") => ("secrets", namespaceName),
            ("", "Node") => ("nodes", (string?)null),
            _ => ("", null),
        };
        if (resource == "")
        {
            return new(null, TokenRequestRejection.BadRequest($"cannot bind token to object of type {GroupVersionKind(apiVersion, kind)}"));
        }

        if (Find(resource, ns, refName) is not { } obj)
        {
            return new(null, TokenRequestRejection.NotFound(resource, refName));
        }

        if (kind == "Pod" && obj["spec"]?["serviceAccountName"]?.GetValue<string>() != saName)
        {
            return new(null, TokenRequestRejection.BadRequest($"cannot bind token for serviceaccount \"{saName}\" to pod running with different serviceaccount name."));
        }

        var uid = Uid(obj);
        if (refUid != "" && refUid != uid)
        {
            return new(null, TokenRequestRejection.Conflict(kind, refName,
                $"the UID in the bound object reference ({refUid}) does not match the UID in record. The object might have been deleted and then recreated"));
        }

        var bound = new ObjectRef(refName, uid);
        return new(kind switch
        {
            "Pod" => claims with { BoundPod = bound, BoundNode = NodeOf(obj) },
            "Secret" => claims with { BoundSecret = bound },
            _ => claims with { BoundNode = bound },
        }, null);
    }

    /// <summary>A pod-bound token names the pod's node; without a Node object only its name (token.go).</summary>
    private ObjectRef? NodeOf(JsonObject pod) =>
        pod["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } nodeName
            ? new ObjectRef(nodeName, Find("nodes", null, nodeName) is { } node ? Uid(node) : "")
            : null;

    private JsonObject? Find(string resource, string? ns, string name) => objects.Find(resource, ns, name);

    private static string Uid(JsonObject obj) => obj["metadata"]?["uid"]?.GetValue<string>() ?? "";

    private static string GroupVersionKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return $"{group}/{version}, Kind={kind}";
    }

    private static string Quote(string s) => $"\"{s}\"";

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
