using System.Collections.Concurrent;
using Operator.Testing.Clouds.Sts;
using static Operator.Testing.Tests.Clouds.Sts.StsQueryClient;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>
/// A trust source (the sandbox's annotated ServiceAccounts) adds trust-policy statements and nothing else: the token is
/// verified before it is asked (signature, issuer, audience), and what it answers is checked like any role's policy.
/// </summary>
public sealed class StsTrustSourceTests : IAsyncLifetime
{
    private const string Own = "system:serviceaccount:team-b:own";
    private WebIdentityStsEnvironment _env = null!;
    private HttpClient _http = null!;
    private readonly ConcurrentQueue<WebIdentity> _asked = new();
    private Func<string, WebIdentity, RoleTrustPolicy?> _answer = (_, _) => null;

    private StsQueryClient Client => new(_http);

    private string SourcedRole => $"arn:aws:iam::{_env.Sts.Account}:role/sourced";

    public async ValueTask InitializeAsync()
    {
        _env = await WebIdentityStsEnvironment.StartAsync();
        _http = _env.Host.CreateHttpClient();
        _answer = (role, identity) => role == SourcedRole && identity.Subject == Own
            ? new RoleTrustPolicy(role, _env.Issuer.Issuer, [Own], [WebIdentityStsEnvironment.Audience])
            : null;
        _env.Sts.AddTrustSource((role, identity, _) =>
        {
            _asked.Enqueue(identity);
            return ValueTask.FromResult(_answer(role, identity));
        });
    }

    [Fact]
    public async Task SourcedStatement_TrustsItsServiceAccount()
    {
        var (status, xml) = await Client.AssumeRoleAsync(SourcedRole, Token(Own));

        Assert.Equal(200, status);
        Assert.Equal(Own, Value(xml, "SubjectFromWebIdentityToken"));
    }

    [Fact]
    public async Task SourcedStatement_ForAnotherServiceAccount_IsAccessDenied()
    {
        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, Token(WebIdentityStsEnvironment.Subject)), 403, "AccessDenied");
    }

    [Fact]
    public async Task WrongAudience_IsStillInvalidIdentityToken_BeforeTheSourceIsAsked()
    {
        var token = _env.Issuer.IssueToken(Own, ["https://kubernetes.default.svc"], TimeSpan.FromHours(1));

        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, token), 400, "InvalidIdentityToken");
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task ForgedSignature_IsStillInvalidIdentityToken_BeforeTheSourceIsAsked()
    {
        var forged = _env.Rogue.IssueToken(Own, [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1), _env.Issuer.Issuer);

        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, forged), 400, "InvalidIdentityToken");
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task UnregisteredIssuer_IsStillInvalidIdentityToken_BeforeTheSourceIsAsked()
    {
        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, _env.Rogue.IssueToken(Own, [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1))),
            400, "InvalidIdentityToken");
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task SourceAnsweringForAnotherRole_IsIgnored()
    {
        _answer = (_, _) => new RoleTrustPolicy($"arn:aws:iam::{_env.Sts.Account}:role/elsewhere", _env.Issuer.Issuer, ["*"]);

        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, Token(Own)), 403, "AccessDenied");
    }

    [Fact]
    public async Task SourceStatementForAnotherIssuer_IsAccessDenied()
    {
        _answer = (role, _) => new RoleTrustPolicy(role, _env.Rogue.Issuer, [Own], [WebIdentityStsEnvironment.Audience]);

        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, Token(Own)), 403, "AccessDenied");
    }

    [Fact]
    public async Task SourceStatementForAnotherAudience_IsAccessDenied()
    {
        _answer = (role, _) => new RoleTrustPolicy(role, _env.Issuer.Issuer, [Own], ["another-audience"]);

        await AssertErrorAsync(await Client.AssumeRoleAsync(SourcedRole, Token(Own)), 403, "AccessDenied");
    }

    [Fact]
    public async Task RegisteredRole_StillTrustsItsOwnSubject_BesideTheSource()
    {
        var (status, _) = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        Assert.Equal(200, status);
    }

    private static Task AssertErrorAsync((int Status, System.Xml.Linq.XElement Xml) reply, int status, string code)
    {
        Assert.Equal((status, code), (reply.Status, Value(reply.Xml, "Code")));
        return Task.CompletedTask;
    }

    private string Token(string subject) => _env.Issuer.IssueToken(subject, [WebIdentityStsEnvironment.Audience], TimeSpan.FromHours(1));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _env.DisposeAsync();
    }
}
