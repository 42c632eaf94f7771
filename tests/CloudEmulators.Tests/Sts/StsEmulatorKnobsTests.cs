using System.Globalization;
using Operator.Testing.Clouds.Sts;
using static Operator.Testing.Tests.Clouds.Sts.StsQueryClient;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>
/// Settings that change the emulator's behaviour (lifetime cap, throttling, JWKS caching). They share one
/// environment, so each test restores what it changes and measures counts as differences.
/// </summary>
public sealed class StsEmulatorKnobsTests(StsEnvironmentFixture fixture) : IClassFixture<StsEnvironmentFixture>, IDisposable
{
    private readonly WebIdentityStsEnvironment _env = fixture.Environment;
    private readonly HttpClient _http = fixture.Environment.Host.CreateHttpClient();

    private StsQueryClient Client => new(_http);

    [Fact]
    public async Task LifetimeCap_GrantsLessThanAsked()
    {
        _env.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(45);
        try
        {
            var (status, xml) = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken(), 3600);

            Assert.Equal(200, status);
            var expiration = DateTimeOffset.Parse(Value(xml, "Expiration")!, CultureInfo.InvariantCulture);
            Assert.InRange(expiration - _env.Time.GetUtcNow(), TimeSpan.FromSeconds(44), TimeSpan.FromSeconds(45));
        }
        finally
        {
            _env.Sts.MaxGrantedLifetime = null;
        }
    }

    [Fact]
    public async Task ThrottleNext_FailsThatManyRequestsThenServes()
    {
        _env.Sts.ThrottleNext(2);

        var first = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        var second = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        var third = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        Assert.Equal((400, "Throttling"), (first.Status, Value(first.Xml, "Code")));
        Assert.Equal((400, "Throttling"), (second.Status, Value(second.Xml, "Code")));
        Assert.Equal(200, third.Status);
    }

    [Fact]
    public async Task Jwks_IsCachedUntilItsLifetimeEnds()
    {
        await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        var fetches = _env.Issuer.JwksFetches;
        await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        Assert.Equal(fetches, _env.Issuer.JwksFetches);

        _env.Time.Advance(_env.Sts.Keys.CacheLifetime + TimeSpan.FromSeconds(1));
        var (status, _) = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        Assert.Equal(200, status);
        Assert.Equal(fetches + 1, _env.Issuer.JwksFetches);
    }

    [Fact]
    public async Task UnreachableIssuer_IsIdpCommunicationError()
    {
        _env.Time.Advance(_env.Sts.Keys.CacheLifetime + TimeSpan.FromSeconds(1));
        _env.Issuer.Faults.FailNext(1, 503);
        try
        {
            var (status, xml) = await Client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

            Assert.Equal((400, "IDPCommunicationError"), (status, Value(xml, "Code")));
        }
        finally
        {
            _env.Issuer.Faults.Clear();
        }
    }

    public void Dispose() => _http.Dispose();
}
