using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Operator.Testing.KubeApi.Operations;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>
/// The emulator's service-account issuer: one signing key per emulator, and the issuer URL from the options or,
/// by default, the emulator's own https address, so a verifier can fetch discovery and JWKS from it as AWS does
/// from an EKS OIDC endpoint. Audiences default to the issuer (kube-apiserver without `--api-audiences`).
/// </summary>
internal sealed class ServiceAccountIssuer : IDisposable
{
    private readonly ClusterState _cluster;
    private readonly IServer _server;
    private readonly Lazy<TokenRequestEndpoint> _tokenRequests;

    public ServiceAccountIssuer(ClusterState cluster, IServer server)
    {
        (_cluster, _server) = (cluster, server);
        _tokenRequests = new(() => new TokenRequestEndpoint(
            new ServiceAccountTokenIssuer(Key, IssuerUrl), [IssuerUrl], new StoredTokenRequestObjects(_cluster), _cluster.Time));
    }

    public ServiceAccountSigningKey Key { get; } = new();

    /// <summary>Where this server listens (read once Kestrel has bound its port).</summary>
    public string BaseUrl =>
        (_server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "https://127.0.0.1").TrimEnd('/');

    public string IssuerUrl => _cluster.Options.Issuer?.ToString().TrimEnd('/') ?? BaseUrl;

    public TokenRequestEndpoint TokenRequests => _tokenRequests.Value;

    public void Dispose() => Key.Dispose();
}
