using Microsoft.Extensions.Time.Testing;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.Http;
using Operator.Hosting;
using Operator.Testing.Clouds;

namespace Operator.IntegrationTests.Targets;

/// <summary>The http target against the aws-login emulator, which checks credentials (or a signed request) with STS.</summary>
public sealed class HttpExchangeTargetTests : IClassFixture<TargetEmulators>, IDisposable
{
    private readonly TargetEmulators _clouds;
    private readonly InMemoryCaBundles _bundles = new();
    private readonly HttpTargetClients _bundleClients = new(new TargetHttpOptions { Timeout = TimeSpan.FromSeconds(10) },
        trust => CredentialServiceCollectionExtensions.CloudHandlers(trust, new HostPolicy(new HostPolicyOptions { AllowedHosts = ["127.0.0.1"] }))());
    private readonly HttpExchangeTarget _target;

    public HttpExchangeTargetTests(TargetEmulators clouds)
    {
        _clouds = clouds;
        clouds.Reset();
        _target = new HttpExchangeTarget(_bundles, _bundleClients);
    }

    public void Dispose() => _bundleClients.Dispose();

    private TargetSpec Spec(HttpProofKind proof = HttpProofKind.AwsCredentials, CaBundleSource? caBundle = null) => new()
    {
        Http = new HttpTargetSpec
        {
            Url = _clouds.Url("aws-login").ToString(),
            CaBundle = caBundle,
            Proof = new HttpProof { Kind = proof },
            StaticFields = new Dictionary<string, string> { ["client"] = "delegated-credentials-operator" },
            Response = new HttpResponseMapping
            {
                TokenPath = "api_key",
                TokenKey = "api-key",
                ExpiresAtPath = "expires_at",
                ExtraKeys = [new HttpExtraKey { Key = "username", Path = "username" }, new HttpExtraKey { Key = "key-prefix", Path = "key_prefix" }],
            },
        },
    };

    [Fact]
    public async Task Issue_AwsLoginWithCredentials_StoresKeyUserAndExpiry_AndARefreshGetsANewKey()
    {
        var identity = _clouds.Identity(TargetEmulators.LoginRole, session: "alice");

        var first = await Issued.ValueAsync(_target, _clouds.Context(Spec(), identity));
        var second = await Issued.ValueAsync(_target, _clouds.Context(Spec(), identity));

        Assert.Equal(["api-key", "expiration", "key-prefix", "username"], first.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("alice", Issued.Text(first, "username"));
        Assert.True(_clouds.AwsLogin.Issued[^1].ApiKey == Issued.Text(second, "api-key"), "the Secret holds the key the service issued");
        Assert.False(Issued.Text(first, "api-key") == Issued.Text(second, "api-key"), "a refresh brings a new key");
        Assert.InRange(first.ExpiresAt - _clouds.Time.GetUtcNow(), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        Assert.Equal(identity.Principal, first.Identity);
    }

    [Fact]
    public async Task Issue_SignedCallerIdentityProof_IsReplayedAndAccepted()
    {
        var issued = await Issued.ValueAsync(_target,
            _clouds.Context(Spec(HttpProofKind.AwsSignedCallerIdentity), _clouds.Identity(TargetEmulators.LoginRole, session: "bob")));

        Assert.Equal("bob", Issued.Text(issued, "username"));
    }

    [Fact]
    public async Task Issue_WrongRole_IsIdentityDeniedWith403() =>
        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("someone-else")),
            CredentialReasons.IdentityDenied, "HTTP 403");

    [Fact]
    public async Task Issue_CredentialsStsRefuses_IsIdentityDeniedWith401()
    {
        var forged = _clouds.ForgedIdentity(TargetEmulators.LoginRole);

        var failure = await Issued.FailureAsync(_target, _clouds.Context(Spec(), forged),
            CredentialReasons.IdentityDenied, "HTTP 401");

        Assert.DoesNotContain("forged-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_TamperedSignedRequest_IsIdentityDenied()
    {
        var forged = _clouds.ForgedIdentity(TargetEmulators.LoginRole);

        await Issued.FailureAsync(_target, _clouds.Context(Spec(HttpProofKind.AwsSignedCallerIdentity), forged),
            CredentialReasons.IdentityDenied, "http refused the exchange: HTTP 401 (Unauthorized).");
    }

    [Fact]
    public async Task Issue_StaleSignedRequest_IsIdentityDenied()
    {
        var operatorClock = new FakeTimeProvider(_clouds.Time.GetUtcNow().AddMinutes(-16));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(HttpProofKind.AwsSignedCallerIdentity), _clouds.Identity(TargetEmulators.LoginRole), operatorClock), CredentialReasons.IdentityDenied, "HTTP 401");
    }

    [Fact]
    public async Task Issue_ServerError_IsExchangeFailedWith500()
    {
        _clouds.AwsLogin.Faults.FailNext(1, 500);

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity(TargetEmulators.LoginRole)),
            CredentialReasons.ExchangeFailed, "HTTP 500");
    }

    [Theory]
    [InlineData("""{"username":"alice","key_prefix":"gpu_","expires_at":"2099-01-01T00:00:00Z"}""", "no token at api_key")]
    [InlineData("""{"api_key":"gpu_x","username":"alice","key_prefix":"gpu_"}""", "no usable expiry at expires_at")]
    public async Task Issue_AnswerWithoutTokenOrExpiry_IsExchangeFailed(string body, string message)
    {
        _clouds.AwsLogin.Faults.Next(1, DatadogTargetTests.Json(200, body));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity(TargetEmulators.LoginRole)),
            CredentialReasons.ExchangeFailed, message);
    }

    [Fact]
    public async Task Issue_ServerSlowerThanTheTimeout_IsExchangeFailed()
    {
        _clouds.AwsLogin.Faults.DelayNext(1, TimeSpan.FromSeconds(5));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity(TargetEmulators.LoginRole), timeout: TimeSpan.FromMilliseconds(300)), CredentialReasons.ExchangeFailed, "did not answer within");
    }

    [Fact]
    public async Task Issue_ChunkedBodyOverTheSizeCap_IsExchangeFailedNamingTheCap()
    {
        _clouds.AwsLogin.Faults.Next(1, CloudFault.HugeChunkedBody(200, 16L << 20));

        Issued.Failure(await _target.IssueAsync(_clouds.Context(Spec(), _clouds.Identity(TargetEmulators.LoginRole)), TestContext.Current.CancellationToken),
            CredentialReasons.ExchangeFailed, "over the 1 MiB size cap");
    }

    [Fact]
    public async Task Issue_CaBundleFromAConfigMap_IsTrustedWhereTheDefaultsAreNot()
    {
        _bundles.Pem = _clouds.Host.Authority.CertificatePem;
        var spec = Spec(caBundle: new CaBundleSource { ConfigMapKeyRef = new KeyReference { Name = "internal-ca", Key = "ca.crt" } });
        var context = _clouds.Context(spec, _clouds.Identity(TargetEmulators.LoginRole)) with
        {
            HttpClients = TargetEmulators.HttpClients(TimeSpan.FromSeconds(10), () => new SocketsHttpHandler()),
        };

        await Issued.ValueAsync(_target, context);
        Assert.Equal(("team-a", "internal-ca"), (_bundles.Namespace, _bundles.Name));
    }

    [Fact]
    public async Task Issue_CaBundleOfAnotherAuthority_FailsTheTlsCheck()
    {
        using var other = new CloudCertificateAuthority("someone-else");
        _bundles.Pem = other.CertificatePem;
        var spec = Spec(caBundle: new CaBundleSource { SecretKeyRef = new KeyReference { Name = "other-ca", Key = "ca.crt" } });

        await Issued.FailureAsync(_target, _clouds.Context(spec, _clouds.Identity(TargetEmulators.LoginRole)),
            CredentialReasons.ExchangeFailed, "unreachable");
    }

    [Fact]
    public async Task Issue_ResponseMappingWithoutExpiry_IsInvalidSpecBeforeAnyRequest()
    {
        var spec = Spec();
        spec = spec with { Http = spec.Http! with { Response = spec.Http.Response with { ExpiresAtPath = null } } };
        var before = _clouds.AwsLogin.Issued.Count;

        await Issued.FailureAsync(_target, _clouds.Context(spec, _clouds.Identity(TargetEmulators.LoginRole)),
            CredentialReasons.InvalidSpec, "expiresAtPath or expiresInPath");
        Assert.Equal(before, _clouds.AwsLogin.Issued.Count);
    }

    private sealed class InMemoryCaBundles : ICaBundles
    {
        public string Pem { get; set; } = "";

        public string? Namespace { get; private set; }

        public string? Name { get; private set; }

        public Task<Attempt<string>> ReadPemAsync(string ns, CaBundleSource source, CancellationToken cancellationToken)
        {
            (Namespace, Name) = (ns, source.ConfigMapKeyRef?.Name ?? source.SecretKeyRef?.Name);
            return Task.FromResult<Attempt<string>>(Pem);
        }
    }
}
