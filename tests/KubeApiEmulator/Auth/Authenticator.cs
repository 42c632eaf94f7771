using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;
using Operator.Testing.KubeApi.Tokens;

namespace Operator.Testing.KubeApi.Auth;

/// <summary>
/// Bearer-token authentication: the emulator's static admin token, or a ServiceAccount JWT this emulator signed,
/// checked as pkg/serviceaccount/jwt.go and claims.go check it: RS256 signature by the signing key, `iss`, an `aud`
/// among the API audiences (the issuer), `nbf`/`exp` on the cluster clock (60 s leeway for nbf), and the
/// ServiceAccount (and a bound Secret or Pod) still present with the uid the token names.
/// </summary>
internal sealed class Authenticator(ClusterState cluster, ServiceAccountIssuer issuer, string adminToken)
{
    /// <summary>The audience tokens must carry to authenticate to the API (kube-apiserver without `--api-audiences`: the issuer).</summary>
    public string ApiAudience => issuer.IssuerUrl;

    /// <param name="audiences">A TokenReview's `spec.audiences`: the token must carry one of them instead of <see cref="ApiAudience"/>.</param>
    public UserInfo? Authenticate(string bearerToken, IReadOnlyList<string>? audiences = null)
    {
        if (bearerToken.Length == 0)
        {
            return null;
        }
        if (bearerToken == adminToken)
        {
            return UserInfo.Admin;
        }
        try
        {
            return ServiceAccount(bearerToken, audiences ?? [issuer.IssuerUrl]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private UserInfo? ServiceAccount(string token, IReadOnlyList<string> accepted)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        if (!issuer.Key.VerifyRs256(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlEncoder.DecodeBytes(parts[2])))
        {
            return null;
        }
        if (JsonNode.Parse(Base64UrlEncoder.Decode(parts[1])) is not JsonObject claims || claims["iss"]?.GetValue<string>() != issuer.IssuerUrl)
        {
            return null;
        }
        List<string?> audiences = claims["aud"] switch
        {
            JsonArray a => a.Select(x => x?.GetValue<string>()).ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
        var now = cluster.Time.GetUtcNow().ToUnixTimeSeconds();
        if (!audiences.Any(a => a is not null && accepted.Contains(a)) || claims["exp"]?.GetValue<long>() is not { } exp || exp <= now
            || (claims["nbf"]?.GetValue<long>() ?? 0) > now + 60)
        {
            return null;
        }
        if (claims["kubernetes.io"] is not JsonObject kube || kube["namespace"]?.GetValue<string>() is not { } ns
            || kube["serviceaccount"]?["name"]?.GetValue<string>() is not { } name)
        {
            return null;
        }
        // The uid only, without the store's lock: a copy of the whole ServiceAccount on every request, and then the lock
        // itself, were hot spots at 10,000 credentials.
        var uid = cluster.Store.UidOf(BuiltinResources.ServiceAccounts.StorageKey, new ObjectKey(ns, name));
        if (uid is null || uid != kube["serviceaccount"]?["uid"]?.GetValue<string>() || !BoundObjectPresent(kube, ns))
        {
            return null;
        }
        return UserInfo.ServiceAccount(ns, name, uid);
    }

    private bool BoundObjectPresent(JsonObject kube, string ns)
    {
        foreach (var (claim, type) in new[] { ("pod", BuiltinResources.Pods), ("secret", BuiltinResources.Secrets) })
        {
            if (kube[claim] is JsonObject bound)
            {
                var uid = cluster.Store.UidOf(type.StorageKey, new ObjectKey(ns, bound["name"]?.GetValue<string>() ?? ""));
                if (uid != bound["uid"]?.GetValue<string>())
                {
                    return false;
                }
            }
        }
        return true;
    }
}
