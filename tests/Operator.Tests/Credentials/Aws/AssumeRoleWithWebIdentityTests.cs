using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity.Aws;
using Operator.Hosting;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Sts;

namespace Operator.Tests.Credentials.Aws;

/// <summary>The AWSSDK-based client against the STS emulator, over HTTPS trusting the emulator's CA.</summary>
public sealed class AssumeRoleWithWebIdentityTests(StsEnvironmentFixture fixture) : IClassFixture<StsEnvironmentFixture>, IDisposable
{
    private const string Session = "team-a.app";
    private readonly WebIdentityStsEnvironment _env = fixture.Environment;
    private readonly AssumeRoleWithWebIdentity _client = new(new AwsStsOptions
    {
        ServiceUrl = fixture.Environment.Host.BaseAddress,
        CreateHttpHandler = fixture.Environment.Host.CreateHandler,
    });

    private RoleArn Role => RoleArn.Parse(_env.RoleArn);

    [Fact]
    public async Task ValidToken_ReturnsCredentialsTheEmulatorIssued()
    {
        var result = await ExchangeAsync(_env.ValidToken());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal($"arn:aws:sts::{_env.Sts.Account}:assumed-role/{WebIdentityStsEnvironment.RoleName}/{Session}", result.AssumedRoleArn);
        var issued = _env.Sts.FindCredential(result.Credentials.AccessKeyId);
        Assert.NotNull(issued);
        Assert.Equal(issued.SecretAccessKey, result.Credentials.SecretAccessKey);
        Assert.Equal(issued.SessionToken, result.Credentials.SessionToken);
        Assert.Equal(issued.Expiration, result.Credentials.Expiration);
        Assert.Equal(TimeSpan.Zero, result.Credentials.Expiration.Offset);
    }

    [Fact]
    public async Task ValidToken_MessageCarriesNoSecret()
    {
        var token = _env.ValidToken();

        var result = await ExchangeAsync(token);

        AssertNoSecretIn(result.Message, token, result.Credentials!.SecretAccessKey, result.Credentials.SessionToken);
        AssertNoSecretIn(result.ToString(), token, result.Credentials.SecretAccessKey, result.Credentials.SessionToken);
    }

    [Fact]
    public async Task LifetimeCap_ExpirationIsWhatWasGranted()
    {
        _env.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(50);
        try
        {
            var result = await ExchangeAsync(_env.ValidToken(), TimeSpan.FromHours(1));

            Assert.InRange(result.Credentials!.Expiration - _env.Time.GetUtcNow(), TimeSpan.FromSeconds(49), TimeSpan.FromSeconds(50));
        }
        finally
        {
            _env.Sts.MaxGrantedLifetime = null;
        }
    }

    [Fact]
    public async Task TamperedSignature_IsIdentityDenied()
    {
        var token = _env.ValidToken();
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        AssertRefused(await ExchangeAsync(tampered), CredentialReasons.IdentityDenied, "InvalidIdentityToken", tampered);
    }

    [Fact]
    public async Task WrongAudience_IsIdentityDenied()
    {
        var token = _env.Issuer.IssueToken(WebIdentityStsEnvironment.Subject, ["vault"], TimeSpan.FromHours(1));

        AssertRefused(await ExchangeAsync(token), CredentialReasons.IdentityDenied, "InvalidIdentityToken", token);
    }

    [Fact]
    public async Task WrongSubject_IsIdentityDenied()
    {
        var token = _env.Issuer.IssueToken("system:serviceaccount:team-a:other", [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1));

        AssertRefused(await ExchangeAsync(token), CredentialReasons.IdentityDenied, "AccessDenied", token);
    }

    [Fact]
    public async Task ExpiredToken_IsIdentityDenied()
    {
        var token = _env.Issuer.IssueToken(WebIdentityStsEnvironment.Subject, [WebIdentityStsEnvironment.Audience],
            TimeSpan.FromMinutes(10), issuedAt: _env.Time.GetUtcNow().AddHours(-1));

        AssertRefused(await ExchangeAsync(token), CredentialReasons.IdentityDenied, "ExpiredTokenException", token);
    }

    [Fact]
    public async Task UnknownIssuer_IsIdentityDenied()
    {
        var token = _env.Rogue.IssueToken(WebIdentityStsEnvironment.Subject, [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1));

        AssertRefused(await ExchangeAsync(token), CredentialReasons.IdentityDenied, "InvalidIdentityToken", token);
    }

    [Fact]
    public async Task DurationAboveRoleMaximum_IsExchangeFailed()
    {
        var token = _env.ValidToken();

        AssertRefused(await ExchangeAsync(token, TimeSpan.FromHours(3)), CredentialReasons.ExchangeFailed, "ValidationError", token);
    }

    [Fact]
    public async Task Throttled_IsExchangeFailed()
    {
        var token = _env.ValidToken();
        _env.Sts.ThrottleNext(1);

        AssertRefused(await ExchangeAsync(token), CredentialReasons.ExchangeFailed, "Throttling", token);
    }

    [Fact]
    public async Task ServerError_IsExchangeFailed()
    {
        var token = _env.ValidToken();
        _env.Sts.Faults.FailNext(1, 503);

        var result = await ExchangeAsync(token);

        Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
        Assert.Contains("HTTP 503", result.Message, StringComparison.Ordinal);
        AssertNoSecretIn(result.Message, token);
    }

    [Fact]
    public async Task UntrustedCertificate_IsExchangeFailedNamingTheEndpoint()
    {
        using var client = new AssumeRoleWithWebIdentity(new AwsStsOptions { ServiceUrl = _env.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) });
        var token = _env.ValidToken();

        var result = await client.ExchangeAsync(Role, Session, token, TimeSpan.FromHours(1), null, TestContext.Current.CancellationToken);

        Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
        Assert.Contains(_env.Host.BaseAddress.ToString(), result.Message, StringComparison.Ordinal);
        AssertNoSecretIn(result.Message, token);
    }

    [Fact]
    public async Task HugeChunkedReply_ThroughTheOperatorsCloudHandlers_IsExchangeFailedNamingTheSizeCap()
    {
        // The handlers the operator gives the SDK, trusting the emulator's CA as an operator-wide bundle.
        var bundle = Path.GetTempFileName();
        await File.WriteAllTextAsync(bundle, _env.Host.Authority.CertificatePem, TestContext.Current.CancellationToken);
        try
        {
            using var client = new AssumeRoleWithWebIdentity(new AwsStsOptions
            {
                ServiceUrl = _env.Host.BaseAddress,
                CreateHttpHandler = CredentialServiceCollectionExtensions.CloudHandlers(bundle, new HostPolicy(new HostPolicyOptions { AllowedHosts = ["127.0.0.1"] })),
            });
            var token = _env.ValidToken();
            _env.Sts.Faults.Next(1, CloudFault.HugeChunkedBody(200, 64L << 20, "text/xml"));

            var result = await client.ExchangeAsync(Role, Session, token, TimeSpan.FromHours(1), null, TestContext.Current.CancellationToken);

            Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
            Assert.Contains("1 MiB size cap", result.Message, StringComparison.Ordinal);
            AssertNoSecretIn(result.Message, token);
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    [Theory]
    [InlineData("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"></AssumeRoleWithWebIdentityResponse>")]
    [InlineData("<html><body>Welcome to the proxy</body></html>")]
    public async Task TwoHundredWithoutCredentials_IsExchangeFailed_NotACrash(string body)
    {
        var token = _env.ValidToken();
        _env.Sts.Faults.Next(1, CloudFault.Status(200, body));

        var result = await ExchangeAsync(token);

        Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
        AssertNoSecretIn(result.Message, token);
    }

    [Fact]
    public async Task ReplyTricklingPastTheTimeout_IsExchangeFailedInTime()
    {
        using var client = new AssumeRoleWithWebIdentity(new AwsStsOptions
        {
            ServiceUrl = _env.Host.BaseAddress,
            CreateHttpHandler = _env.Host.CreateHandler,
            Timeout = TimeSpan.FromMilliseconds(500),
        });
        var token = _env.ValidToken();
        // Headers at once, then a reply that takes 6 s to arrive.
        _env.Sts.Faults.Next(1, CloudFault.TricklingBody(200, "<AssumeRoleWithWebIdentityResponse>", 60, TimeSpan.FromMilliseconds(100),
            "</AssumeRoleWithWebIdentityResponse>"));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await client.ExchangeAsync(Role, Session, token, TimeSpan.FromHours(1), null, TestContext.Current.CancellationToken);

        Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), $"failed after {started.Elapsed}, not at the 0.5 s timeout");
        AssertNoSecretIn(result.Message, token);
    }

    [Theory]
    [InlineData(null, "https://sts.amazonaws.com")]
    [InlineData("eu-west-1", "https://sts.eu-west-1.amazonaws.com")]
    public void EndpointFor_WithoutOverride_IsGlobalOrRegional(string? region, string expected)
    {
        using var client = new AssumeRoleWithWebIdentity(new AwsStsOptions());

        Assert.Equal(expected, client.EndpointFor(region));
    }

    private Task<AssumeRoleResult> ExchangeAsync(string token, TimeSpan? lifetime = null) =>
        _client.ExchangeAsync(Role, Session, token, lifetime ?? TimeSpan.FromHours(1), null, TestContext.Current.CancellationToken);

    private static void AssertRefused(AssumeRoleResult result, string reason, string code, string token)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.Failure?.Reason);
        Assert.Equal(code, result.ErrorCode);
        Assert.Contains(code, result.Message, StringComparison.Ordinal);
        AssertNoSecretIn(result.Message, token);
    }

    private static void AssertNoSecretIn(string text, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        // A fault a test queued but whose request never reached STS (its deadline fired first) must not answer the next test.
        _env.Sts.Faults.Clear();
        _client.Dispose();
    }
}
