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

    public TargetContext For(DelegatedCredentialSpec spec, CloudIdentity identity, DateTimeOffset? tokenExpiry = null) => new(
        Objects.WithSpec(spec),
        identity,
        (audience, lifetime, _) =>
        {
            Minted.Add((audience, lifetime));
            return Task.FromResult<Attempt<ServiceAccountToken>>(
                new ServiceAccountToken($"sa-token-for-{audience}", tokenExpiry ?? DateTimeOffset.UnixEpoch.AddYears(60)));
        },
        new NoHttpClients(),
        TimeProvider.System);

    private sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("unit tests send nothing");
    }
}
