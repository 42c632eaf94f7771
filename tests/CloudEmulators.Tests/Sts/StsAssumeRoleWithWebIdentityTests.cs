using System.Globalization;
using Operator.Testing.Clouds.Sts;
using static Operator.Testing.Tests.Clouds.Sts.StsQueryClient;

namespace Operator.Testing.Tests.Clouds.Sts;

public sealed class StsAssumeRoleWithWebIdentityTests(StsEnvironmentFixture fixture) : IClassFixture<StsEnvironmentFixture>, IDisposable
{
    private readonly WebIdentityStsEnvironment _env = fixture.Environment;
    private readonly HttpClient _http = fixture.Environment.Host.CreateHttpClient();
    private StsQueryClient Client => new(_http);

    [Fact]
    public async Task ValidToken_IssuesCredentialsInAwsResponseShape()
    {
        var (status, xml) = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken(), 3600);

        Assert.Equal(200, status);
        Assert.Equal("AssumeRoleWithWebIdentityResponse", xml.Name.LocalName);
        Assert.Equal($"arn:aws:sts::{_env.Sts.Account}:assumed-role/{WebIdentityStsEnvironment.RoleName}/team-a.app", Value(xml, "Arn"));
        Assert.Matches("^AROA[A-Z2-7]{17}:team-a.app$", Value(xml, "AssumedRoleId"));
        Assert.Matches("^ASIA[A-Z2-7]{16}$", Value(xml, "AccessKeyId"));
        Assert.Equal(WebIdentityStsEnvironment.Subject, Value(xml, "SubjectFromWebIdentityToken"));
        Assert.Equal(WebIdentityStsEnvironment.Audience, Value(xml, "Audience"));
        Assert.StartsWith($"arn:aws:iam::{_env.Sts.Account}:oidc-provider/127.0.0.1:", Value(xml, "Provider"), StringComparison.Ordinal);
        Assert.NotNull(Value(xml, "RequestId"));
        var expiration = DateTimeOffset.Parse(Value(xml, "Expiration")!, CultureInfo.InvariantCulture);
        Assert.InRange(expiration - _env.Time.GetUtcNow(), TimeSpan.FromSeconds(3599), TimeSpan.FromSeconds(3600));
    }

    [Fact]
    public async Task ValidToken_IssuedCredentialIsRemembered()
    {
        var (_, xml) = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        var issued = _env.Sts.FindCredential(Value(xml, "AccessKeyId")!);
        Assert.NotNull(issued);
        Assert.Equal(Value(xml, "SecretAccessKey"), issued.SecretAccessKey);
        Assert.Equal(Value(xml, "SessionToken"), issued.SessionToken);
        Assert.Equal(Value(xml, "Arn"), issued.AssumedRoleArn);
    }

    [Fact]
    public async Task GetWithQueryString_IsAcceptedLikePost()
    {
        var query = $"?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={Uri.EscapeDataString(_env.RoleArn)}&RoleSessionName=s1&WebIdentityToken={_env.ValidToken()}";

        using var response = await _http.GetAsync(new Uri(query, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task TamperedSignature_IsInvalidIdentityToken()
    {
        var token = _env.ValidToken();
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, tampered), 400, "InvalidIdentityToken");
    }

    [Fact]
    public async Task TokenSignedByAnotherKeyForRegisteredIssuer_IsInvalidIdentityToken()
    {
        var forged = _env.Rogue.IssueToken(WebIdentityStsEnvironment.Subject, [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1), _env.Issuer.Issuer);

        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, forged), 400, "InvalidIdentityToken");
    }

    [Fact]
    public async Task UnregisteredIssuer_IsInvalidIdentityTokenNamingTheIssuer()
    {
        var token = _env.Rogue.IssueToken(WebIdentityStsEnvironment.Subject, [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1));

        var message = await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, token), 400, "InvalidIdentityToken");
        Assert.Contains("No OpenIDConnect provider found", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AudienceNotAmongClientIds_IsInvalidIdentityToken()
    {
        var token = _env.Issuer.IssueToken(WebIdentityStsEnvironment.Subject, ["https://kubernetes.default.svc"], TimeSpan.FromHours(1));

        var message = await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, token), 400, "InvalidIdentityToken");
        Assert.Contains("audience", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SubjectNotInTrustPolicy_IsAccessDenied()
    {
        var token = _env.Issuer.IssueToken("system:serviceaccount:team-b:app", [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1));

        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, token), 403, "AccessDenied");
    }

    [Fact]
    public async Task UnknownRole_IsAccessDenied()
    {
        await AssertErrorAsync(await Client.AssumeRoleAsync($"arn:aws:iam::{_env.Sts.Account}:role/nobody", _env.ValidToken()), 403, "AccessDenied");
    }

    [Fact]
    public async Task StringLikeSubjectPattern_AdmitsMatchingServiceAccounts()
    {
        var roleArn = $"arn:aws:iam::{_env.Sts.Account}:role/team-c-any";
        _env.Sts.AddRole(new RoleTrustPolicy(roleArn, _env.Issuer.Issuer, ["system:serviceaccount:team-c:*"]));
        var token = _env.Issuer.IssueToken("system:serviceaccount:team-c:worker", [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1));

        var (status, _) = await Client.AssumeRoleAsync(roleArn, token);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task ExpiredToken_IsExpiredTokenException()
    {
        var token = _env.Issuer.IssueToken(WebIdentityStsEnvironment.Subject, [WebIdentityStsEnvironment.Audience],
            TimeSpan.FromHours(1), issuedAt: _env.Time.GetUtcNow() - TimeSpan.FromHours(2));

        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, token), 400, "ExpiredTokenException");
    }

    [Fact]
    public async Task MalformedToken_IsInvalidIdentityToken()
    {
        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, "not-a-jwt"), 400, "InvalidIdentityToken");
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    [InlineData(7201)]
    public async Task DurationOutsideLimits_IsValidationError(int seconds)
    {
        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken(), seconds), 400, "ValidationError");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("has space")]
    [InlineData("slash/not-allowed")]
    public async Task InvalidRoleSessionName_IsValidationError(string session)
    {
        await AssertErrorAsync(await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken(), session: session), 400, "ValidationError");
    }

    [Fact]
    public async Task UnknownVersion_IsInvalidAction()
    {
        var (status, xml) = await Client.PostAsync(("Action", "AssumeRoleWithWebIdentity"), ("Version", "2010-01-01"));

        Assert.Equal(400, status);
        Assert.Equal("InvalidAction", Value(xml, "Code"));
    }

    [Fact]
    public async Task ErrorResponse_HasAwsShape()
    {
        var (_, xml) = await Client.AssumeRoleAsync(_env.RoleArn, "not-a-jwt");

        Assert.Equal("ErrorResponse", xml.Name.LocalName);
        Assert.Equal("Sender", Value(xml, "Type"));
        Assert.NotNull(xml.Element(StsXml.Ns + "RequestId"));
        Assert.NotEmpty(Value(xml, "Message")!);
    }

    [Fact]
    public async Task ErrorMessages_NeverEchoTheToken()
    {
        var token = _env.Issuer.IssueToken("system:serviceaccount:other:app", ["wrong"], TimeSpan.FromHours(1));

        var (_, xml) = await Client.AssumeRoleAsync(_env.RoleArn, token);

        Assert.DoesNotContain(token, xml.ToString(), StringComparison.Ordinal);
    }

    private static Task<string> AssertErrorAsync((int Status, System.Xml.Linq.XElement Xml) reply, int status, string code)
    {
        Assert.Equal(code, Value(reply.Xml, "Code"));
        Assert.Equal(status, reply.Status);
        return Task.FromResult(Value(reply.Xml, "Message")!);
    }

    public void Dispose() => _http.Dispose();
}
