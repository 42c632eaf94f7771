using System.Security.Cryptography.X509Certificates;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Gcp;
using Operator.Credentials.Tls;
using Operator.Hosting;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Gcp;

namespace Operator.Tests.Credentials.Gcp;

/// <summary>
/// The three Google calls through the operator's cloud handlers against the emulators: the happy path, each refusal
/// classified with Google's code and never its description, an unreachable endpoint, and the host policy.
/// </summary>
public sealed class GoogleWorkloadIdentityTests : IAsyncLifetime
{
    private const string Email = "exporter@my-project.iam.gserviceaccount.com";
    private static readonly CustomRootTrust s_emulatorCa = new(new X509Certificate2Collection(CloudCertificateAuthority.Shared.Certificate), alsoSystemRoots: false);
    private WorkloadIdentityFederationEnvironment _env = null!;

    public async ValueTask InitializeAsync() => _env = await WorkloadIdentityFederationEnvironment.StartAsync(TimeProvider.System);

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    private GoogleWorkloadIdentity Google(HostPolicy? policy = null, Uri? iam = null) => new(
        new GcpOptions { StsEndpoint = _env.Host.BaseAddress, IamCredentialsEndpoint = iam ?? _env.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) },
        new Clients(CredentialServiceCollectionExtensions.CloudHandlers(s_emulatorCa, policy ?? new HostPolicy(new HostPolicyOptions { AllowedHosts = ["127.0.0.1"] }))),
        TimeProvider.System);

    private GcpIdentityRequest Request(string? email = Email, string? audience = null) =>
        new(_env.Provider.Name, audience ?? _env.Provider.DefaultAudience, email, [GoogleWorkloadIdentity.CloudPlatformScope], "sts");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExchangeThenGenerateAccessToken_GetsTheServiceAccountsTokenForTheLifetime()
    {
        _env.Iam.AllowImpersonation(Email, _env.Provider.PrincipalOf("system:serviceaccount:team-a:app"));
        var google = Google();

        var federated = await google.ExchangeAsync(Request(), _env.Token(), Ct);
        var access = await google.GenerateAccessTokenAsync(federated.Value!, Email, ["https://x/read"], TimeSpan.FromMinutes(20), Ct);

        Assert.StartsWith("ya29.d.", federated.Value!.Token, StringComparison.Ordinal);
        var issued = Assert.Single(_env.Iam.Issued);
        Assert.True(issued.AccessToken == access.Value!.Token, "the token IAM Credentials issued");
        Assert.Equal(["https://x/read"], issued.Scopes);
        Assert.InRange(access.Value.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
    }

    [Fact]
    public async Task GenerateIdToken_ReadsTheExpiryFromTheToken()
    {
        _env.Iam.AllowImpersonation(Email, "principal://*");
        var google = Google();
        var federated = await google.ExchangeAsync(Request(), _env.Token(), Ct);

        var id = await google.GenerateIdTokenAsync(federated.Value!, Email, "https://authsvc.singlestore.com", includeEmail: true, Ct);

        Assert.Equal(_env.Iam.IssuedIdTokens[^1], id.Value!.Token);
        Assert.InRange(id.Value.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Exchange_AudienceNotAllowed_IsIdentityDenied_WithTheCodeOnly()
    {
        var failure = (await Google().ExchangeAsync(Request(), _env.Token(audience: "https://elsewhere"), Ct)).Failure!;

        Assert.Equal(CredentialReasons.IdentityDenied, failure.Reason);
        Assert.Equal("Google STS refused the exchange: HTTP 400 (BadRequest), error invalid_grant.", failure.Message);
    }

    [Fact]
    public async Task Exchange_SubjectOutsideTheCondition_IsIdentityDenied()
    {
        var failure = (await Google().ExchangeAsync(Request(), _env.Token("system:node:n1"), Ct)).Failure!;

        Assert.Equal((CredentialReasons.IdentityDenied, true), (failure.Reason, failure.Message.EndsWith("error unauthorized_client.", StringComparison.Ordinal)));
        Assert.DoesNotContain("attribute condition", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAccessToken_WithoutABinding_IsIdentityDenied()
    {
        var google = Google();
        var federated = await google.ExchangeAsync(Request(), _env.Token(), Ct);

        var failure = (await google.GenerateAccessTokenAsync(federated.Value!, Email, ["x"], TimeSpan.FromHours(1), Ct)).Failure!;

        Assert.Equal("Google IAM Credentials refused the exchange: HTTP 403 (Forbidden), error PERMISSION_DENIED.", failure.Message);
        Assert.Equal(CredentialReasons.IdentityDenied, failure.Reason);
    }

    [Fact]
    public async Task GenerateAccessToken_LifetimeOverTheCap_IsExchangeFailed_InvalidArgument()
    {
        _env.Iam.AllowImpersonation(Email, "principal://*");
        var google = Google();
        var federated = await google.ExchangeAsync(Request(), _env.Token(), Ct);

        var failure = (await google.GenerateAccessTokenAsync(federated.Value!, Email, ["x"], TimeSpan.FromHours(2), Ct)).Failure!;

        Assert.Equal((CredentialReasons.ExchangeFailed, "Google IAM Credentials refused the exchange: HTTP 400 (BadRequest), error INVALID_ARGUMENT."),
            (failure.Reason, failure.Message));
    }

    [Fact]
    public async Task IamCredentialsUnreachable_IsExchangeFailed()
    {
        var google = Google(iam: new Uri("https://127.0.0.1:1/"));
        var federated = await google.ExchangeAsync(Request(), _env.Token(), Ct);

        var failure = (await google.GenerateAccessTokenAsync(federated.Value!, Email, ["x"], TimeSpan.FromHours(1), Ct)).Failure!;

        Assert.Equal(CredentialReasons.ExchangeFailed, failure.Reason);
        Assert.StartsWith("Google IAM Credentials is unreachable", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackNotAllowedByTheHostPolicy_IsRefusedBeforeSending()
    {
        var failure = (await Google(new HostPolicy(new HostPolicyOptions())).ExchangeAsync(Request(), _env.Token(), Ct)).Failure!;

        Assert.True(failure.RefusedByHostPolicy);
        Assert.Empty(_env.Sts.Calls);
    }

    [Fact]
    public async Task Identity_WithoutAServiceAccount_HandsOutTheFederatedToken_AndNoIdToken()
    {
        var google = Google();
        var request = Request(email: null);
        var federated = (await google.ExchangeAsync(request, _env.Token(), Ct)).Value!;
        var identity = new GcpCloudIdentity("principal://x", federated, request, google);

        var access = await identity.GetAccessTokenAsync([GoogleWorkloadIdentity.CloudPlatformScope], TimeSpan.FromHours(1), Ct);
        var id = await identity.GetIdTokenAsync("https://a", TimeSpan.FromHours(1), Ct);

        Assert.Same(federated, access.Value);
        Assert.Equal(IdentityCapabilities.GoogleAccessToken, identity.Capabilities);
        Assert.Equal(CredentialReasons.InvalidSpec, id.Failure?.Reason);
        Assert.DoesNotContain(federated.Token, identity.ToString(), StringComparison.Ordinal);
    }

    private sealed class Clients(Func<HttpMessageHandler> handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler());
    }
}
