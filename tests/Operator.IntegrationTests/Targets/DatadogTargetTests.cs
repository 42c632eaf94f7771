using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Targets.Datadog;
using Operator.Testing.Clouds;

namespace Operator.IntegrationTests.Targets;

/// <summary>The datadog target against the Datadog emulator, which replays each proof to the STS emulator.</summary>
public sealed class DatadogTargetTests : IClassFixture<TargetEmulators>
{
    private readonly TargetEmulators _clouds;
    private readonly DatadogTarget _target = new();

    public DatadogTargetTests(TargetEmulators clouds)
    {
        _clouds = clouds;
        clouds.Reset();
    }

    private TargetSpec Spec(string org = TargetEmulators.Org) =>
        new() { Datadog = new DatadogTargetSpec { OrgUuid = org, Url = _clouds.Host.BaseAddress.ToString() } };

    [Fact]
    public async Task Issue_ValidProof_StoresTokenSiteAndExpiry_AndARefreshGetsANewToken()
    {
        _clouds.Datadog.TokenLifetime = TimeSpan.FromMinutes(30);
        var identity = _clouds.Identity("sre-arena");

        var first = await Issued.ValueAsync(_target, _clouds.Context(Spec(), identity));
        var second = await Issued.ValueAsync(_target, _clouds.Context(Spec(), identity));

        var issued = _clouds.Datadog.Issued[^1];
        Assert.Equal(["expiration", "site", "token"], first.Data.Keys.Order(StringComparer.Ordinal));
        Assert.True(issued.AccessToken == Issued.Text(second, "token"), "the Secret holds the token the emulator issued");
        Assert.False(Issued.Text(first, "token") == Issued.Text(second, "token"), "a refresh brings a new token");
        Assert.Equal("datadoghq.com", Issued.Text(first, "site"));
        Assert.Equal(issued.ExpiresAt.ToUnixTimeSeconds(), second.ExpiresAt.ToUnixTimeSeconds());
        Assert.InRange(first.ExpiresAt - _clouds.Time.GetUtcNow(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Equal(identity.Principal, first.Identity);
        Assert.Equal(TargetEmulators.Org, issued.Org);
    }

    [Fact]
    public async Task Issue_RegionalStsHost_IsAccepted()
    {
        var attempt = await _target.IssueAsync(_clouds.Context(Spec(), _clouds.Identity("sre-arena", region: "eu-west-1")), TestContext.Current.CancellationToken);

        Issued.Value(attempt);
    }

    [Fact]
    public async Task Issue_UnknownOrg_IsIdentityDeniedWith403() =>
        await Issued.FailureAsync(_target, _clouds.Context(Spec("99999999-2222-3333-4444-555555555555"), _clouds.Identity("sre-arena")), CredentialReasons.IdentityDenied, "HTTP 403");

    [Fact]
    public async Task Issue_SignatureOlderThan15Minutes_IsIdentityDeniedWith401()
    {
        var operatorClock = new FakeTimeProvider(_clouds.Time.GetUtcNow().AddMinutes(-16));

        var failure = await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("sre-arena"), operatorClock), CredentialReasons.IdentityDenied, "HTTP 401");

        // The emulator says why ("older than 15 minutes"); its words stay out of status and events (docs/behaviour.md §7).
        Assert.Equal("datadog refused the exchange: HTTP 401 (Unauthorized).", failure.Message);
    }

    [Fact]
    public async Task Issue_SignedWithTheWrongSecret_IsRefusedBySts()
    {
        var forged = _clouds.ForgedIdentity("sre-arena");

        var failure = await Issued.FailureAsync(_target, _clouds.Context(Spec(), forged),
            CredentialReasons.IdentityDenied, "HTTP 401");

        Assert.Equal("datadog refused the exchange: HTTP 401 (Unauthorized).", failure.Message);
    }

    [Fact]
    public async Task Emulator_ProofWithTheOrgChangedAfterSigning_IsRefused()
    {
        var identity = _clouds.Identity("sre-arena");
        var proof = DatadogProof.Create(identity.Credentials, "aaaaaaaa-2222-3333-4444-555555555555", null, _clouds.Time.GetUtcNow());
        var tampered = ReplaceOrg(proof, TargetEmulators.Org);

        using var client = _clouds.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/delegated-token") { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation("Authorization", "Delegated " + tampered);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("\"errors\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, CredentialReasons.ExchangeFailed)]
    [InlineData(401, CredentialReasons.IdentityDenied)]
    [InlineData(403, CredentialReasons.IdentityDenied)]
    public async Task Issue_ServerAnswersAnError_NamesTheStatus(int status, string reason)
    {
        _clouds.Datadog.Faults.Next(1, CloudFault.Status(status, """{"errors":["injected"]}"""));

        var failure = await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("sre-arena")), reason, $"HTTP {status}");

        Assert.DoesNotContain("injected", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"data":{"attributes":{"expires":"4102444800"}}}""", "no data.attributes.access_token")]
    [InlineData("""{"data":{"attributes":{"access_token":"ddapp_x"}}}""", "no readable data.attributes.expires")]
    [InlineData("""{"data":{"attributes":{"access_token":"ddapp_x","expires":"later"}}}""", "no readable data.attributes.expires")]
    [InlineData("""<html>oops</html>""", "not a JSON object")]
    public async Task Issue_AnswerWithoutTokenOrExpiry_IsExchangeFailed(string body, string message)
    {
        _clouds.Datadog.Faults.Next(1, Json(200, body));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("sre-arena")),
            CredentialReasons.ExchangeFailed, message);
    }

    [Fact]
    public async Task Issue_ServerSlowerThanTheTimeout_IsExchangeFailed()
    {
        _clouds.Datadog.Faults.DelayNext(1, TimeSpan.FromSeconds(5));

        await Issued.FailureAsync(_target, _clouds.Context(Spec(), _clouds.Identity("sre-arena"), timeout: TimeSpan.FromMilliseconds(300)), CredentialReasons.ExchangeFailed, "did not answer within 0.3 s");
    }

    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    public async Task Issue_ChunkedBodyOverTheSizeCap_IsExchangeFailedNamingTheCap(int status)
    {
        // 64 MiB without a Content-Length: reading stops at the 1 MiB cap instead of buffering it whole; an error's body
        // is not read at all.
        _clouds.Datadog.Faults.Next(1, CloudFault.HugeChunkedBody(status, 64L << 20));

        var failure = Issued.Failure(await _target.IssueAsync(_clouds.Context(Spec(), _clouds.Identity("sre-arena")),
            TestContext.Current.CancellationToken), CredentialReasons.ExchangeFailed, status == 200 ? "over the 1 MiB size cap" : "HTTP 500 (InternalServerError).");

        Assert.True(failure.Message.Length < 300, "the message names the cap, not the body");
    }

    [Fact]
    public async Task Issue_BodyTricklingPastTheTimeout_IsExchangeFailed()
    {
        // Headers at once, then a valid answer that takes 4 s to arrive: the timeout covers the body too. The deadline
        // runs on the operator's clock, which here must be the real one: the body trickles in real time.
        _clouds.Datadog.Faults.Next(1, CloudFault.TricklingBody(200,
            """{"data":{"attributes":{"access_token":"ddapp_x","expires":"4102444800"}}""", 40, TimeSpan.FromMilliseconds(100), "}"));

        Issued.Failure(await _target.IssueAsync(
            _clouds.Context(Spec(), _clouds.Identity("sre-arena"), time: TimeProvider.System, timeout: TimeSpan.FromMilliseconds(300)),
            TestContext.Current.CancellationToken), CredentialReasons.ExchangeFailed, "did not answer within 0.3 s");
    }


    private static string ReplaceOrg(string proof, string org)
    {
        var parts = proof.Split('|');
        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(Convert.FromBase64String(parts[1]))!;
        headers[DatadogProof.OrgHeader] = [org];
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(headers)));
        return string.Join('|', parts);
    }

    internal static CloudFault Json(int status, string body) => new(TimeSpan.Zero, async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = new MediaTypeHeaderValue("application/json").ToString();
        await context.Response.WriteAsync(body, context.RequestAborted);
    });
}
