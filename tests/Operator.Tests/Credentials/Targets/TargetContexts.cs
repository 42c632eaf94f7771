using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets;

namespace Operator.Tests.Credentials.Targets;

/// <summary>Target contexts for unit tests: no network, a recording token minter.</summary>
internal sealed class TargetContexts
{
    public List<(string Audience, TimeSpan Lifetime)> Minted { get; } = [];

    public static AwsCloudIdentity Aws(string? region = null) => new("arn:aws:sts::123456789012:assumed-role/r/s",
        new AwsSessionCredentials("ASIAEXAMPLE", "secret", "session", DateTimeOffset.UnixEpoch.AddYears(60)), region);

    /// <summary>The ServiceAccount identity; <see cref="For"/> gives it this class's recording token minter.</summary>
    public static ServiceAccountIdentity ServiceAccount() =>
        new("system:serviceaccount:team-a:app", DateTimeOffset.MaxValue, (_, _, _) => throw new InvalidOperationException("use For()"));

    public TargetContext For(DelegatedCredentialSpec spec, CloudIdentity identity, DateTimeOffset? tokenExpiry = null) => new(
        Objects.WithSpec(spec),
        identity is ServiceAccountIdentity serviceAccount ? serviceAccount with { Mint = (audience, lifetime, _) => Mint(audience, lifetime, tokenExpiry) } : identity,
        new NoHttpClients(),
        TimeProvider.System);

    private Task<Attempt<ServiceAccountToken>> Mint(string audience, TimeSpan lifetime, DateTimeOffset? tokenExpiry)
    {
        Minted.Add((audience, lifetime));
        return Task.FromResult<Attempt<ServiceAccountToken>>(
            new ServiceAccountToken($"sa-token-for-{audience}", tokenExpiry ?? DateTimeOffset.UnixEpoch.AddYears(60)));
    }

    private sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("unit tests send nothing");
    }
}
