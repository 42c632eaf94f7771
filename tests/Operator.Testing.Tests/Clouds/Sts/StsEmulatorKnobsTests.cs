using System.Globalization;
using Operator.Testing.Clouds.Sts;
using static Operator.Testing.Tests.Clouds.Sts.StsQueryClient;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>Settings that change the emulator's behaviour (lifetime cap, throttling, JWKS caching); one environment each.</summary>
public sealed class StsEmulatorKnobsTests : IAsyncLifetime
{
    private WebIdentityStsEnvironment _env = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await WebIdentityStsEnvironment.StartAsync();
        _http = _env.Host.CreateHttpClient();
    }

    [Fact]
    public async Task LifetimeCap_GrantsLessThanAsked()
    {
        _env.Sts.MaxGrantedLifetime = TimeSpan.FromSeconds(45);

        var (status, xml) = await new StsQueryClient(_http).AssumeRoleAsync(_env.RoleArn, _env.ValidToken(), 3600);

        Assert.Equal(200, status);
        var expiration = DateTimeOffset.Parse(Value(xml, "Expiration")!, CultureInfo.InvariantCulture);
        Assert.InRange(expiration - _env.Time.GetUtcNow(), TimeSpan.FromSeconds(44), TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task ThrottleNext_FailsThatManyRequestsThenServes()
    {
        _env.Sts.ThrottleNext(2);
        var client = new StsQueryClient(_http);

        var first = await client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        var second = await client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        var third = await client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        Assert.Equal((400, "Throttling"), (first.Status, Value(first.Xml, "Code")));
        Assert.Equal((400, "Throttling"), (second.Status, Value(second.Xml, "Code")));
        Assert.Equal(200, third.Status);
    }

    [Fact]
    public async Task Jwks_IsCachedUntilItsLifetimeEnds()
    {
        var client = new StsQueryClient(_http);
        await client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        await client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());
        Assert.Equal(1, _env.Issuer.JwksFetches);

        _env.Time.Advance(_env.Sts.Keys.CacheLifetime + TimeSpan.FromSeconds(1));
        var (status, _) = await client.AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        Assert.Equal(200, status);
        Assert.Equal(2, _env.Issuer.JwksFetches);
    }

    [Fact]
    public async Task UnreachableJwks_IsIdpCommunicationError()
    {
        _env.Issuer.Faults.FailNext(2, 503);

        var (status, xml) = await new StsQueryClient(_http).AssumeRoleAsync(_env.RoleArn, _env.ValidToken());

        Assert.Equal((400, "IDPCommunicationError"), (status, Value(xml, "Code")));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _env.DisposeAsync();
    }
}
