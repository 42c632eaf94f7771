using System.Net;
using System.Text;
using Operator.Credentials.Identity.Aws;

namespace Operator.Tests.Credentials.Aws;

/// <summary>
/// What the client puts on the wire, seen by a recording handler instead of a server: which STS endpoint the SDK
/// picks for a region, that the call is unsigned, and the Query-API parameters.
/// </summary>
public sealed class AssumeRoleWithWebIdentityRequestTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

    [Theory]
    [InlineData(null, "https://sts.amazonaws.com/")]
    [InlineData("eu-west-1", "https://sts.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn/")]
    public async Task Region_SelectsTheStsEndpoint(string? region, string expected)
    {
        var (request, _) = await SendAsync(region, TimeSpan.FromHours(1));

        Assert.Equal(expected, request.Uri.ToString());
    }

    [Fact]
    public async Task Request_IsUnsignedQueryApiPost()
    {
        var (request, _) = await SendAsync(null, TimeSpan.FromHours(1));

        Assert.Equal("POST", request.Method);
        Assert.False(request.HasAuthorization);
        Assert.Contains("Action=AssumeRoleWithWebIdentity", request.Body, StringComparison.Ordinal);
        Assert.Contains("Version=2011-06-15", request.Body, StringComparison.Ordinal);
        Assert.Contains("RoleSessionName=team-a.app", request.Body, StringComparison.Ordinal);
        Assert.Contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdd-reader", request.Body, StringComparison.Ordinal);
        Assert.Contains($"WebIdentityToken={Token}", request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, 900)]
    [InlineData(3600, 3600)]
    [InlineData(86_400, 43_200)]
    public async Task RequestedLifetime_IsClampedToStsLimits(int seconds, int expected)
    {
        var (request, _) = await SendAsync(null, TimeSpan.FromSeconds(seconds));

        Assert.Contains($"DurationSeconds={expected}", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_ExpirationIsReadAsUtc()
    {
        var (_, result) = await SendAsync(null, TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 8, 5, 13, 34, 56, TimeSpan.Zero), result.Credentials!.Expiration);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/dd-reader/team-a.app", result.AssumedRoleArn);
    }

    private static async Task<(RecordedRequest Request, AssumeRoleResult Result)> SendAsync(string? region, TimeSpan lifetime)
    {
        var handler = new RecordingHandler();
        using var client = new AssumeRoleWithWebIdentity(new AwsStsOptions { CreateHttpHandler = () => handler });

        var result = await client.ExchangeAsync(RoleArn.Parse("arn:aws:iam::123456789012:role/dd-reader"), "team-a.app", Token,
            lifetime, region, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        return (Assert.Single(handler.Requests), result);
    }

    private sealed record RecordedRequest(string Method, Uri Uri, bool HasAuthorization, string Body);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private const string Response = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:team-a:app</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/dd-reader/team-a.app</Arn><AssumedRoleId>AROACLKWSDQRAOEXAMPLE:team-a.app</AssumedRoleId></AssumedRoleUser>
                <Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2026-08-05T13:34:56Z</Expiration></Credentials>
                <Provider>arn:aws:iam::123456789012:oidc-provider/example</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>ad4156e9-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;

        public List<RecordedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, request.Headers.Authorization is not null, body));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Response, Encoding.UTF8, "text/xml") };
        }
    }
}
