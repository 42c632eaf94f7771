using Operator.Credentials;
using Operator.Hosting;

namespace Operator.Tests.Credentials;

public sealed class ExchangeRateLimiterTests
{
    [Fact]
    public async Task AcquireAsync_BurstSpentOnOneEndpoint_NextExchangeWaits()
    {
        await using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 2, PerSecond = 0.01 });
        var ct = TestContext.Current.CancellationToken;
        using var first = await limiter.AcquireAsync("sts.amazonaws.com", "awsCredentials", ct);
        using var second = await limiter.AcquireAsync("sts.amazonaws.com", "awsCredentials", ct);

        var third = limiter.AcquireAsync("sts.amazonaws.com", "awsCredentials", ct);

        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task AcquireAsync_OtherEndpointAndTarget_HaveTheirOwnBuckets()
    {
        await using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 0.01 });
        var ct = TestContext.Current.CancellationToken;
        using var first = await limiter.AcquireAsync("sts.amazonaws.com", "awsCredentials", ct);

        var other = limiter.AcquireAsync("sts.eu-west-1.amazonaws.com", "datadog", ct);

        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
    }
}
