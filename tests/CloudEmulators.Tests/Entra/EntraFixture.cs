using Microsoft.Extensions.Time.Testing;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Entra;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.SingleStore;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds.Entra;

/// <summary>
/// A cluster-like OIDC issuer, Entra with one app trusting <c>system:serviceaccount:apps:reporter</c>, and a SingleStore
/// accepting Entra tokens, on one HTTPS host, on a fake clock.
/// </summary>
public sealed class EntraFixture : IAsyncLifetime
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ClientId = "0b5f7c3e-1d2a-4c6b-9e8f-123456789abc";
    public const string Subject = "system:serviceaccount:apps:reporter";

    internal FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    internal OidcIssuer Cluster { get; private set; } = null!;

    internal OidcIssuer OtherCluster { get; private set; } = null!;

    internal EntraEmulator Entra { get; private set; } = null!;

    internal SingleStoreEmulator SingleStore { get; private set; } = null!;

    internal StsEmulator Sts { get; private set; } = null!;

    internal CloudHost Host { get; private set; } = null!;

    internal EntraApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = new OidcIssuer("cluster", Time);
        OtherCluster = new OidcIssuer("other", Time);
        Entra = new EntraEmulator(Time);
        Sts = new StsEmulator(Time);
        SingleStore = new SingleStoreEmulator(Sts, Time);
        Host = await CloudHost.StartAsync(Cluster, OtherCluster, Entra, SingleStore);
        App = Entra.AddApplication(new EntraApplication(Tenant, ClientId,
            [new FederatedIdentityCredential(Cluster.Issuer.ToString(), Subject, [FederatedIdentityCredential.DefaultAudience])]));
        SingleStore.AcceptEntra(Entra.AuthorityHost, Tenant);
    }

    /// <summary>A ServiceAccount token of the cluster for the subject and audience given.</summary>
    internal string Assertion(string subject = Subject, string audience = FederatedIdentityCredential.DefaultAudience, TimeSpan? lifetime = null,
        DateTimeOffset? issuedAt = null) =>
        Cluster.IssueToken(subject, [audience], lifetime ?? TimeSpan.FromMinutes(10), issuedAt: issuedAt);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Cluster.Dispose();
        OtherCluster.Dispose();
        Entra.Dispose();
        SingleStore.Dispose();
        Sts.Dispose();
    }
}
