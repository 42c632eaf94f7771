using System.Net;
using System.Security.Cryptography.X509Certificates;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Tls;
using Operator.Hosting;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Sts;

namespace Operator.Tests.Credentials.Aws;

/// <summary>
/// STS through the operator's cloud handlers, as a spec's <c>stsEndpoint</c> reaches it: the host policy refuses what it
/// must without dialling, a redirect is not followed (the request body holds the web identity token), and a hostile STS
/// echoing secrets into its error gets them redacted. Only loopback is dialled.
/// </summary>
public sealed class StsHostPolicyTests(StsEnvironmentFixture fixture) : IClassFixture<StsEnvironmentFixture>, IAsyncLifetime
{
    private const string Session = "team-a.app";
    private static readonly CustomRootTrust s_emulatorCa = new(new X509Certificate2Collection(CloudCertificateAuthority.Shared.Certificate), alsoSystemRoots: false);
    private readonly WebIdentityStsEnvironment _env = fixture.Environment;
    private readonly RequestRecorder _elsewhere = new();
    private CloudHost? _elsewhereHost;

    private RoleArn Role => RoleArn.Parse(_env.RoleArn);

    public async ValueTask InitializeAsync() => _elsewhereHost = await CloudHost.StartAsync(_elsewhere);

    public async ValueTask DisposeAsync()
    {
        _env.Sts.Faults.Clear();
        await _elsewhereHost!.DisposeAsync();
    }

    private Task<AssumeRoleResult> ExchangeAsync(Uri sts, HostPolicy policy, string token)
    {
        var client = new AssumeRoleWithWebIdentity(new AwsStsOptions
        {
            ServiceUrl = sts,
            CreateHttpHandler = CredentialServiceCollectionExtensions.CloudHandlers(s_emulatorCa, policy),
        });
        return client.ExchangeAsync(Role, Session, token, TimeSpan.FromHours(1), null, TestContext.Current.CancellationToken);
    }

    private static HostPolicy LoopbackAllowed() => new(new HostPolicyOptions { AllowedHosts = ["127.0.0.1", "::1"] });

    [Fact]
    public async Task StsEndpointResolvingToTheMetadataAddress_IsRefusedWithoutDialling()
    {
        var dialled = 0;
        var policy = new HostPolicy(new HostPolicyOptions(),
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("::ffff:169.254.169.254") }),
            (_, _) =>
            {
                dialled++;
                throw new InvalidOperationException("no socket may be opened");
            });
        var token = _env.ValidToken();

        var result = await ExchangeAsync(new Uri("https://sts.metadata.test/"), policy, token);

        Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
        Assert.True(result.Failure!.RefusedByHostPolicy);
        Assert.Contains("refused by the operator's host policy: sts.metadata.test resolves to ::ffff:169.254.169.254, which is link-local",
            result.Message, StringComparison.Ordinal);
        Assert.Equal(0, dialled);
        Assert.DoesNotContain(token, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackStsNotAllowed_IsRefused()
    {
        var result = await ExchangeAsync(_env.Host.BaseAddress, new HostPolicy(new HostPolicyOptions()), _env.ValidToken());

        Assert.True(result.Failure?.RefusedByHostPolicy, result.Message);
        Assert.Contains("127.0.0.1 is loopback", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_IsExchangeFailed_AndTheTokenGoesNowhereElse(int status)
    {
        var token = _env.ValidToken();
        _env.Sts.Faults.Next(1, RequestRecorder.Redirect(status, new Uri($"https://localhost:{_elsewhereHost!.BaseAddress.Port}/")));

        var result = await ExchangeAsync(_env.Host.BaseAddress, LoopbackAllowed(), token);

        Assert.Equal(CredentialReasons.ExchangeFailed, result.Failure?.Reason);
        Assert.Contains($"HTTP {status}", result.Message, StringComparison.Ordinal);
        Assert.Contains("a redirect to localhost", result.Message, StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests);
        Assert.DoesNotContain(token, result.Message, StringComparison.Ordinal);
    }

    public static TheoryData<int, string> HostileErrors => new()
    {
        { 400, $"<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad token {{0}} with key {HexKey} and ya29.a0Secret-google-token</Message></Error></ErrorResponse>" },
        { 403, $"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied {{0}} {HexKey}</Message></Error></ErrorResponse>" },
        { 500, $"<html><body>proxy error for {{0}} key {HexKey}</body></html>" },
        { 503, $"upstream said: {{0}} {HexKey} ya29.a0Secret-google-token" },
    };

    private const string HexKey = "3f2a9c1b7e8d4f6a0b5c2e9d1a7f3b8c4e6d0a2f";

    [Theory]
    [MemberData(nameof(HostileErrors))]
    public async Task HostileStsEchoingSecrets_TheyStayOutOfTheMessage(int status, string bodyFormat)
    {
        var token = _env.ValidToken();
        _env.Sts.Faults.Next(1, CloudFault.Status(status, string.Format(System.Globalization.CultureInfo.InvariantCulture, bodyFormat, token)));

        var result = await ExchangeAsync(_env.Host.BaseAddress, LoopbackAllowed(), token);

        Assert.False(result.Succeeded);
        foreach (var secret in new[] { token, token[..40], HexKey, "ya29.a0Secret", "proxy error" })
        {
            Assert.DoesNotContain(secret, result.Message, StringComparison.Ordinal);
        }

        Assert.Contains($"{status}", result.Message, StringComparison.Ordinal);
    }
}
