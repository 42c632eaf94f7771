namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// docs/behaviour.md §2 and §3 with a short granted lifetime (STS grants at most a few seconds, as an issuer may grant
/// less than asked): refresh before expiry; a refused refresh keeps the last good Secret until it expires.
/// </summary>
public sealed class RefreshTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>, IDisposable
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromSeconds(6);
    private readonly Cluster _cluster = new(fixture.Testbed);

    public void Dispose() => fixture.Testbed.Sts.MaxGrantedLifetime = null;

    [Fact]
    public async Task Refresh_HappensBeforeExpiry_AndChangesTheSecret()
    {
        fixture.Testbed.Sts.MaxGrantedLifetime = s_lifetime;
        await _cluster.CreateIrsaCredentialAsync("refresh-ok");
        var first = (await _cluster.ReadyAsync("refresh-ok", "app-aws", "Issued")).Status!;
        var firstSecret = (await _cluster.SecretAsync("refresh-ok", "app-aws"))!;

        var refreshed = (await _cluster.ReadyAsync("refresh-ok", "app-aws", "Refreshed")).Status!;

        var secret = (await _cluster.SecretAsync("refresh-ok", "app-aws"))!;
        Assert.False(Cluster.SameData(firstSecret, secret), "the Secret holds a new credential");
        Assert.True(refreshed.IssuedAt < first.ExpiresAt, $"refreshed at {refreshed.IssuedAt:O}, before the old expiry {first.ExpiresAt:O}");
        Assert.True(refreshed.IssuedAt >= first.RefreshAt, "not before the scheduled refresh time");
        NoSecretsLogged.Assert(fixture.Testbed);
    }

    [Fact]
    public async Task RefusedRefresh_KeepsTheLastGoodSecret_ThenReportsExpired()
    {
        fixture.Testbed.Sts.MaxGrantedLifetime = s_lifetime;
        await _cluster.CreateIrsaCredentialAsync("refresh-denied");
        var issued = (await _cluster.ReadyAsync("refresh-denied", "app-aws", "Issued")).Status!;
        var good = (await _cluster.SecretAsync("refresh-denied", "app-aws"))!;

        fixture.Testbed.TrustRole("refresh-denied-app", "refresh-denied", "nobody");

        var failing = await _cluster.ReadyAsync("refresh-denied", "app-aws", "RefreshFailed");
        Assert.Equal("True", Cluster.Ready(failing)!.Status);
        Assert.True(Cluster.SameData(good, (await _cluster.SecretAsync("refresh-denied", "app-aws"))!), "the last good credential is kept");
        var expired = await _cluster.ReadyAsync("refresh-denied", "app-aws", "Expired");
        Assert.Equal("False", Cluster.Ready(expired)!.Status);
        Assert.Equal(issued.ExpiresAt, expired.Status!.ExpiresAt);
        Assert.True(expired.Status.Failures >= 2, $"retries go on ({expired.Status.Failures} failures)");
        Assert.True(Cluster.SameData(good, (await _cluster.SecretAsync("refresh-denied", "app-aws"))!), "a failure never overwrites the Secret");
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
    }
}
