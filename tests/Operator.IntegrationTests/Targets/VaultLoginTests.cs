using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.Http;
using Operator.Hosting;
using Operator.Testing.Clouds.Vault;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The http target with the awsSignedCallerIdentity proof against the Vault AWS auth emulator, shaped as
/// samples/http-vault-aws-login.yaml: the server-ID header signed in, the role as a static field, the token
/// and its lease read from <c>auth</c>.
/// </summary>
public sealed class VaultLoginTests : IClassFixture<TargetEmulators>, IDisposable
{
    private readonly TargetEmulators _clouds;
    private readonly HttpTargetClients _bundleClients = new(new TargetHttpOptions(),
        trust => CredentialServiceCollectionExtensions.CloudHandlers(trust, new HostPolicy(new HostPolicyOptions { AllowedHosts = ["127.0.0.1"] }))());
    private readonly HttpExchangeTarget _target;

    public VaultLoginTests(TargetEmulators clouds)
    {
        _clouds = clouds;
        clouds.Reset();
        _target = new HttpExchangeTarget(new NoCaBundles(), _bundleClients);
    }

    public void Dispose() => _bundleClients.Dispose();

    private TargetSpec Spec(bool signServerId = true) => new()
    {
        Http = new HttpTargetSpec
        {
            Url = _clouds.Url(VaultAwsAuthEmulator.Path).ToString(),
            Proof = new HttpProof
            {
                Kind = HttpProofKind.AwsSignedCallerIdentity,
                SignedHeaders = signServerId ? new Dictionary<string, string> { [VaultAwsAuthEmulator.ServerIdHeader] = TargetEmulators.VaultServerId } : null,
            },
            StaticFields = new Dictionary<string, string> { ["role"] = "billing" },
            Response = new HttpResponseMapping
            {
                TokenPath = "auth.client_token",
                ExpiresInPath = "auth.lease_duration",
                ExtraKeys = [new HttpExtraKey { Key = "accessor", Path = "auth.accessor" }],
            },
        },
    };

    [Fact]
    public async Task Login_BoundRoleWithSignedServerId_StoresTheClientTokenForItsLease()
    {
        var issued = await Issued.ValueAsync(_target, _clouds.Context(Spec(), _clouds.Identity("billing-vault")));

        Assert.StartsWith("hvs.", Issued.Text(issued, "token"), StringComparison.Ordinal);
        Assert.Equal(["accessor", "expiration", "token"], issued.Data.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(issued.ExpiresAt - _clouds.Time.GetUtcNow(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Login_WithoutTheServerIdHeader_IsRefused() =>
        await Issued.FailureAsync(_target, _clouds.Context(Spec(signServerId: false), _clouds.Identity("billing-vault")), CredentialReasons.ExchangeFailed, "http refused the exchange: HTTP 400 (BadRequest).");

    [Fact]
    public async Task Login_PrincipalNotBoundToTheRole_IsIdentityDenied() =>
        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("someone-else")), CredentialReasons.IdentityDenied, "HTTP 403");

    private sealed class NoCaBundles : ICaBundles
    {
        public Task<Attempt<string>> ReadPemAsync(string ns, CaBundleSource source, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no CA bundle in these tests");
    }
}
