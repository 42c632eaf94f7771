using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets.Kubernetes;

namespace Operator.Tests.Credentials.Targets;

public sealed class ServiceAccountTokenTargetTests
{
    private static readonly ServiceAccountIdentity s_identity = TargetContexts.ServiceAccount();
    private readonly TargetContexts _contexts = new();

    private static DelegatedCredentialSpec Spec(string audience, string? ttl) => new()
    {
        ServiceAccountName = "app",
        Target = new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = audience } },
        Ttl = ttl,
    };

    [Fact]
    public async Task Issue_MintsForTheAudienceAndTtl_AndStoresTokenAndExpiration()
    {
        var expiry = new DateTimeOffset(2026, 8, 5, 13, 0, 0, TimeSpan.Zero);

        var attempt = await new ServiceAccountTokenTarget().IssueAsync(_contexts.For(Spec("https://ci.example.com", "2h"), s_identity, expiry),
            TestContext.Current.CancellationToken);

        Assert.Equal([("https://ci.example.com", TimeSpan.FromHours(2))], _contexts.Minted);
        Assert.Equal(expiry, attempt.Value!.ExpiresAt);
        Assert.Equal(["expiration", "token"], attempt.Value.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2026-08-05T13:00:00Z", System.Text.Encoding.UTF8.GetString(attempt.Value.Data["expiration"]));
        Assert.Equal("system:serviceaccount:team-a:app", attempt.Value.Identity);
    }

    [Fact]
    public async Task Issue_BadTtl_IsInvalidSpec()
    {
        var attempt = await new ServiceAccountTokenTarget().IssueAsync(_contexts.For(Spec("aud", "soon"), s_identity),
            TestContext.Current.CancellationToken);

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.Empty(_contexts.Minted);
    }
}
