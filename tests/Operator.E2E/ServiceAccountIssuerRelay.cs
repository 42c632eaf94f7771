using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Operator.Testing.Clouds;

namespace Operator.E2E;

/// <summary>
/// Publishes the K3s cluster's ServiceAccount issuer discovery on the host's HTTPS cloud endpoint, as EKS
/// publishes a cluster's at <c>oidc.eks.&lt;region&gt;.amazonaws.com/id/…</c>: STS fetches
/// <c>{issuer}/.well-known/openid-configuration</c> and the JWKS from here, and the keys are read live from the
/// API server (<c>GET /openid/v1/jwks</c> as the admin client), so they are exactly the ones K3s signs with.
/// </summary>
/// <remarks>
/// Why a relay rather than pointing STS at the API server: K3s runs kube-apiserver with anonymous auth off, so
/// an unauthenticated STS cannot read the discovery endpoints, and the default issuer
/// (<c>https://kubernetes.default.svc.cluster.local</c>) does not resolve from the host. K3s is therefore
/// started with <c>service-account-issuer</c> set to <see cref="Issuer"/>, which must be known before the
/// container starts; the relay serves it from the cloud host that is already running by then.
/// </remarks>
internal sealed class ServiceAccountIssuerRelay : ICloudEmulator
{
    private const string PathPrefix = "/k3s-issuer";
    private Uri? _issuer;
    private Uri? _advertised;
    private ApiServerClient? _cluster;

    public CloudFaults Faults { get; } = new(TimeProvider.System);

    /// <summary>The issuer URL K3s must write into every token's <c>iss</c>.</summary>
    public Uri Issuer => _issuer ?? throw new InvalidOperationException("The issuer is known once its CloudHost has started.");

    public void OnStarted(Uri baseAddress) => _issuer = new Uri(baseAddress, PathPrefix);

    /// <summary>Where STS reads the discovery document of the cluster's issuer.</summary>
    public Uri DiscoveryUrl => new($"{Issuer}/.well-known/openid-configuration");

    /// <summary>
    /// The cluster whose keys are relayed (known only after K3s has started with <see cref="Issuer"/>), and the issuer
    /// its tokens carry: <see cref="Issuer"/> on K3s, the cluster's own on an existing cluster (E2E_KUBECONFIG), whose
    /// keys STS is told to read here.
    /// </summary>
    public void Connect(ApiServerClient cluster, Uri issuer) => (_cluster, _advertised) = (cluster, issuer);

    public void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet($"{PathPrefix}/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = _advertised?.OriginalString ?? Issuer.ToString(),
            ["jwks_uri"] = $"{Issuer}/openid/v1/jwks",
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        routes.MapGet($"{PathPrefix}/openid/v1/jwks", async (CancellationToken cancellationToken) => _cluster is null
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Text(await _cluster.GetDocumentAsync(ApiServerClient.JwksPath, cancellationToken), "application/jwk-set+json"));
    }
}
