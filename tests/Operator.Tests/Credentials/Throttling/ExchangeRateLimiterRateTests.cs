using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Throttling;

/// <summary>What the limiter adds to its buckets: the options' rate, and two buckets per exchange.</summary>
public sealed class ExchangeRateLimiterRateTests
{
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitTurnAsync_TwoPerSecond_NextTokenAfterHalfASecond()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 2 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", ExchangePriority.Routine, Ct);
        var next = limiter.WaitTurnAsync("sts", "datadog", ExchangePriority.Routine, Ct);

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(next.IsCompleted);

        // The second bucket is awaited on a continuation, so the grant is observed with a (real-time) timeout.
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task WaitTurnAsync_FreeEndpointButSpentTarget_WaitsForTheTarget()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts.us-east-1.amazonaws.com", "datadog", ExchangePriority.Routine, Ct);

        var sameTarget = limiter.WaitTurnAsync("sts.eu-west-1.amazonaws.com", "datadog", ExchangePriority.Routine, Ct);
        Assert.False(sameTarget.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await sameTarget.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public void WaitTurnAsync_SpentEndpoint_WaitsEvenForAnotherTarget()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", ExchangePriority.Routine, Ct);

        Assert.False(limiter.WaitTurnAsync("sts", "singleStore", ExchangePriority.Routine, Ct).IsCompleted);
    }

    [Fact]
    public void WaitTurnAsync_EndpointNamedLikeATargetBucket_DoesNotShareIt()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", ExchangePriority.Routine, Ct);

        // Bucket keys are "cloud:<endpoint>" and "target:<target>": neither name can reach the other's bucket.
        Assert.True(limiter.WaitTurnAsync("target:datadog", "http", ExchangePriority.Routine, Ct).IsCompletedSuccessfully);
        Assert.True(limiter.WaitTurnAsync("vault", "cloud:sts", ExchangePriority.Routine, Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Dispose_CancelsExchangesWaitingForATurn()
    {
        var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", ExchangePriority.Routine, Ct);
        var waiting = limiter.WaitTurnAsync("sts", "datadog", ExchangePriority.Routine, Ct);

        limiter.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }
}
