using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Operator.Testing.Clouds.Sts;
using static Operator.Testing.Tests.Clouds.Sts.StsQueryClient;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>
/// GetCallerIdentity signed by AWSSDK (the real signer), verified by the emulator's hand-written SigV4 check.
/// The fixture's clock is never moved here: the SDK client signs with the real clock.
/// </summary>
public sealed class StsGetCallerIdentityTests(StsEnvironmentFixture fixture) : IClassFixture<StsEnvironmentFixture>, IDisposable
{
    private const string Body = "Action=GetCallerIdentity&Version=2011-06-15";
    private static readonly Uri s_globalSts = new("https://sts.amazonaws.com/");
    private static readonly Uri s_regionalSts = new("https://sts.eu-west-1.amazonaws.com/");
    private readonly WebIdentityStsEnvironment _env = fixture.Environment;
    private readonly HttpClient _http = fixture.Environment.Host.CreateHttpClient();

    [Fact]
    public async Task SdkClient_WithIssuedCredentials_GetsTheAssumedRole()
    {
        var credential = await IssueAsync();
        using var factory = new HandlerHttpClientFactory(_env.Host.CreateHandler);
        using var client = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(credential.AccessKeyId, credential.SecretAccessKey, credential.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _env.Host.BaseAddress.ToString(), AuthenticationRegion = "us-east-1", HttpClientFactory = factory, MaxErrorRetry = 0 });

        var response = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);

        Assert.Equal(credential.AssumedRoleArn, response.Arn);
        Assert.Equal(credential.AssumedRoleId, response.UserId);
        Assert.Equal(_env.Sts.Account, response.Account);
    }

    [Fact]
    public async Task ReplayedSignedRequest_IsVerifiedInProcess()
    {
        var credential = await IssueAsync();

        var (caller, error) = _env.Sts.VerifyCallerIdentity(Sign(credential));

        Assert.Null(error);
        Assert.Equal(credential.AssumedRoleArn, caller!.Arn);
    }

    [Fact]
    public async Task ReplayedSignedRequest_IsVerifiedOverHttpWithTheOriginalHost()
    {
        var credential = await IssueAsync();
        var replay = new StsReplayClient(_http, _env.Host.BaseAddress);

        var (caller, error) = await replay.GetCallerIdentityAsync(Sign(credential), TestContext.Current.CancellationToken);

        Assert.Null(error);
        Assert.Equal(credential.AssumedRoleArn, caller!.Arn);
        Assert.Equal(_env.Sts.Account, caller.Account);
    }

    [Fact]
    public async Task ReplayedSignedRequestWithWrongSecret_IsRefusedOverHttp()
    {
        var credential = await IssueAsync();
        var replay = new StsReplayClient(_http, _env.Host.BaseAddress);

        var (caller, error) = await replay.GetCallerIdentityAsync(Sign(credential, secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), TestContext.Current.CancellationToken);

        Assert.Null(caller);
        Assert.Equal((403, "SignatureDoesNotMatch"), (error!.StatusCode, error.Code));
    }

    [Fact]
    public async Task UnsignedPayloadDeclared_IsAccepted()
    {
        var credential = await IssueAsync();

        var (caller, error) = _env.Sts.VerifyCallerIdentity(Sign(credential, signPayload: false));

        Assert.Null(error);
        Assert.Equal(credential.AssumedRoleArn, caller!.Arn);
    }

    [Fact]
    public async Task TamperedBody_IsSignatureDoesNotMatch()
    {
        var signed = Sign(await IssueAsync());
        var tampered = signed with { Body = Encoding.UTF8.GetBytes(Body + "&DurationSeconds=1") };

        AssertError(_env.Sts.VerifyCallerIdentity(tampered), "SignatureDoesNotMatch", 403);
    }

    [Fact]
    public async Task TamperedSignedHeader_IsSignatureDoesNotMatch()
    {
        var signed = Sign(await IssueAsync());
        var headers = signed.Headers.Select(h => h.Key == "x-ddog-org-id" ? new KeyValuePair<string, string>(h.Key, "someone-else") : h).ToList();

        AssertError(_env.Sts.VerifyCallerIdentity(signed with { Headers = headers }), "SignatureDoesNotMatch", 403);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch()
    {
        var credential = await IssueAsync();

        AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential, secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), "SignatureDoesNotMatch", 403);
    }

    [Fact]
    public async Task SignedMoreThanFifteenMinutesAgo_IsSignatureExpired()
    {
        var credential = await IssueAsync();

        var error = AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential, signedAt: _env.Time.GetUtcNow().AddMinutes(-16))), "SignatureDoesNotMatch", 403);
        Assert.StartsWith("Signature expired:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedFourteenMinutesAgo_IsStillAccepted()
    {
        var credential = await IssueAsync();

        var (caller, _) = _env.Sts.VerifyCallerIdentity(Sign(credential, signedAt: _env.Time.GetUtcNow().AddMinutes(-14)));

        Assert.NotNull(caller);
    }

    [Fact]
    public async Task UnknownAccessKey_IsInvalidClientTokenId()
    {
        var credential = await IssueAsync() with { AccessKeyId = "ASIAUNKNOWNKEY000000" };

        AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential)), "InvalidClientTokenId", 403);
    }

    [Fact]
    public async Task WrongSessionToken_IsInvalidClientTokenId()
    {
        var credential = await IssueAsync();

        AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential with { SessionToken = "IQoJb3JpZ2luX2VjEother" })), "InvalidClientTokenId", 403);
    }

    [Fact]
    public async Task ExpiredCredentials_AreExpiredToken()
    {
        var now = _env.Time.GetUtcNow();
        var issued = await IssueAsync();
        var expired = issued with { AccessKeyId = "ASIAEXPIREDKEY000000", IssuedAt = now.AddHours(-2), Expiration = now.AddSeconds(-1) };
        _env.Sts.Remember(expired);

        AssertError(_env.Sts.VerifyCallerIdentity(Sign(expired)), "ExpiredToken", 403);
    }

    [Fact]
    public async Task GlobalHost_ScopedToUsEast1_IsAccepted()
    {
        var credential = await IssueAsync();

        var (caller, error) = _env.Sts.VerifyCallerIdentity(Sign(credential, region: "us-east-1"));

        Assert.Null(error);
        Assert.Equal(credential.AssumedRoleArn, caller!.Arn);
    }

    [Fact]
    public async Task GlobalHost_ScopedToAnotherRegion_IsSignatureDoesNotMatch()
    {
        var credential = await IssueAsync();

        var error = AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential, region: "eu-west-1")), "SignatureDoesNotMatch", 403);
        Assert.StartsWith("Credential should be scoped to a valid region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegionalHost_ScopedToItsOwnRegion_IsAccepted()
    {
        var credential = await IssueAsync();

        var (caller, error) = _env.Sts.VerifyCallerIdentity(Sign(credential, url: s_regionalSts, region: "eu-west-1"));

        Assert.Null(error);
        Assert.Equal(credential.AssumedRoleArn, caller!.Arn);
    }

    [Fact]
    public async Task RegionalHost_ScopedToUsEast1_IsSignatureDoesNotMatch()
    {
        var credential = await IssueAsync();

        var error = AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential, url: s_regionalSts, region: "us-east-1")), "SignatureDoesNotMatch", 403);
        Assert.StartsWith("Credential should be scoped to a valid region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedOverHttp_ScopedToAnotherRegionThanTheSignedHost_IsRefused()
    {
        var credential = await IssueAsync();
        var replay = new StsReplayClient(_http, _env.Host.BaseAddress);

        var (caller, error) = await replay.GetCallerIdentityAsync(Sign(credential, region: "eu-west-1"), TestContext.Current.CancellationToken);

        Assert.Null(caller);
        Assert.Equal((403, "SignatureDoesNotMatch"), (error!.StatusCode, error.Code));
    }

    [Fact]
    public async Task SignedHostNeitherStsNorTheRequestHost_IsSignatureDoesNotMatch()
    {
        var credential = await IssueAsync();

        AssertError(_env.Sts.VerifyCallerIdentity(Sign(credential, host: "attacker.example.com")), "SignatureDoesNotMatch", 403);
    }

    [Fact]
    public async Task ReplayedOverHttp_SignedForAHostThatIsNeitherStsNorTheEmulator_IsRefused()
    {
        var credential = await IssueAsync();
        var replay = new StsReplayClient(_http, _env.Host.BaseAddress);

        var (caller, error) = await replay.GetCallerIdentityAsync(Sign(credential, host: "attacker.example.com"), TestContext.Current.CancellationToken);

        Assert.Null(caller);
        Assert.Equal((403, "SignatureDoesNotMatch"), (error!.StatusCode, error.Code));
    }

    [Fact]
    public void MissingAuthorization_IsMissingAuthenticationToken()
    {
        var request = SignedRequest.Post(s_globalSts, [new("Content-Type", "application/x-www-form-urlencoded")], Body);

        AssertError(_env.Sts.VerifyCallerIdentity(request), "MissingAuthenticationToken", 403);
    }

    [Fact]
    public async Task IssuedCredentialAndAuthorization_PrintNoSecret()
    {
        var credential = await IssueAsync();
        var authorization = SigV4Authorization.TryParse(Sign(credential).FirstValueOf("Authorization"))!;

        var printed = $"{credential} {authorization}";

        Assert.DoesNotContain(credential.SecretAccessKey, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.SessionToken, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(authorization.Signature, printed, StringComparison.Ordinal);
        Assert.Contains(credential.AccessKeyId, printed, StringComparison.Ordinal);
    }

    private async Task<IssuedCredential> IssueAsync()
    {
        var (status, xml) = await new StsQueryClient(_http).AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        Assert.Equal(200, status);
        return _env.Sts.FindCredential(Value(xml, "AccessKeyId")!)!;
    }

    private SignedRequest Sign(IssuedCredential credential, string? secret = null, DateTimeOffset? signedAt = null, bool signPayload = true,
        Uri? url = null, string region = "us-east-1", string? host = null)
    {
        url ??= s_globalSts;
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = url, Content = Encoding.UTF8.GetBytes(Body) };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        request.Headers["x-ddog-org-id"] = "11111111-2222-3333-4444-555555555555";
        request.Headers["Host"] = host ?? url.Host;
        var result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = new SessionAWSCredentials(credential.AccessKeyId, secret ?? credential.SecretAccessKey, credential.SessionToken),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = "sts",
            SignPayload = signPayload,
            SignedAt = (signedAt ?? _env.Time.GetUtcNow()).UtcDateTime,
        });
        var headers = request.Headers.Concat(result.Headers).ToList();
        return SignedRequest.Post(url, headers, Body);
    }

    private static StsError AssertError((CallerIdentity? Caller, StsError? Error) outcome, string code, int status)
    {
        Assert.Null(outcome.Caller);
        Assert.NotNull(outcome.Error);
        Assert.Equal(code, outcome.Error.Code);
        Assert.Equal(status, outcome.Error.StatusCode);
        return outcome.Error;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Lets the SDK client send through the emulator's in-process handler, over one HttpClient it neither caches nor disposes.</summary>
    private sealed class HandlerHttpClientFactory(Func<HttpMessageHandler> createHandler) : HttpClientFactory, IDisposable
    {
        private readonly Lazy<HttpClient> _client = new(() => new HttpClient(createHandler(), disposeHandler: true));

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public void Dispose()
        {
            if (_client.IsValueCreated)
            {
                _client.Value.Dispose();
            }
        }
    }
}
