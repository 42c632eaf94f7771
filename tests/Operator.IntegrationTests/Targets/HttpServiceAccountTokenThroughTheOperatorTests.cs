using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Oidc;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The kubernetes provider (no <c>spec.provider</c>) with an http target whose proof is a ServiceAccount token, end to
/// end through the real operator: a login service that verifies the cluster's tokens as a relying party does
/// (<see cref="BearerTokenLoginEmulator"/>: issuer, JWKS signature, audience, lifetime, subject) answers with a
/// six-second token, so the happy path shows a refresh; a wrong audience and an expired token are refused.
/// </summary>
public sealed class HttpServiceAccountTokenThroughTheOperatorTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>, IAsyncLifetime
{
    private const string Audience = "https://login.example.com";
    private readonly Cluster _cluster = new(fixture.Testbed);
    private BearerTokenLoginEmulator _login = null!;
    private CloudHost _host = null!;
    private string? _namespace;

    public async ValueTask InitializeAsync()
    {
        _login = new BearerTokenLoginEmulator(fixture.Testbed.ServiceAccountIssuer, fixture.Testbed.Kube.CertificateAuthority, Audience, TimeProvider.System)
        {
            TokenLifetime = TimeSpan.FromSeconds(6),
        };
        _host = await CloudHost.StartAsync(_login);
        var login = _login;
        fixture.Testbed.WatchForLeaks(() => login.Issued.Select(t => t.Token));
    }

    public async ValueTask DisposeAsync()
    {
        // Stops the credential's refreshes, which would fail against the stopped host and count against the operator's
        // breaker for http targets, shared with the next test.
        if (_namespace is not null)
        {
            await _cluster.DeleteAsync(_namespace, "app-token");
        }

        await _host.DisposeAsync();
        _login.Dispose();
    }

    private async Task CreateAsync(string ns, string audience = Audience)
    {
        await fixture.Testbed.EnsureNamespaceAsync(ns);
        await _cluster.Client.CreateAsync(ServiceAccounts.Consenting("app", ns));
        _namespace = ns;
        _login.Admit(ns, "app");
        var credential = Cluster.Credential(ns, "app-token", "app");
        await _cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = null,
                Target = new TargetSpec
                {
                    Http = new HttpTargetSpec
                    {
                        Url = new Uri(_host.BaseAddress, BearerTokenLoginEmulator.Path.TrimStart('/')).ToString(),
                        Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = audience },
                        Response = new HttpResponseMapping { TokenPath = "token", ExpiresInPath = "expires_in" },
                    },
                },
            },
        });
    }

    [Fact]
    public async Task IsReadyAndRefreshed_WithTheLoginsToken()
    {
        await CreateAsync("k8s-http");

        await _cluster.ReadyAsync("k8s-http", "app-token", "Issued");
        var first = (await _cluster.SecretAsync("k8s-http", "app-token"))!;
        var credential = await _cluster.ReadyAsync("k8s-http", "app-token", "Refreshed");
        var refreshed = (await _cluster.SecretAsync("k8s-http", "app-token"))!;

        Assert.False(Cluster.SameData(first, refreshed), "the refresh wrote a new credential");
        Assert.Contains(_login.Issued, t => t.Token == Cluster.Text(refreshed, "token") && t.Subject == "system:serviceaccount:k8s-http:app");
        Assert.Equal("none", credential.Status!.Provider);
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
    }

    [Theory]
    [InlineData("audience")]
    [InlineData("expired")]
    public async Task ATokenTheLoginRefuses_IsIdentityDenied_AndWritesNothing(string why)
    {
        var ns = "k8s-http-" + why;
        if (why == "expired")
        {
            // Every ServiceAccount token looks an hour older to the login service than it is: expired on arrival.
            _login.ClockSkew = TimeSpan.FromHours(-1);
        }

        await CreateAsync(ns, why == "audience" ? "https://elsewhere.example" : Audience);

        var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

        Assert.Contains("HTTP 401", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
        Assert.Empty(_login.Issued);
    }
}
