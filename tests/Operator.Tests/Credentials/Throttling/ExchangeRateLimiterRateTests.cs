using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Throttling;

/// <summary>What the limiter adds to its buckets: the options' rate, and two buckets per exchange.</summary>
public sealed class ExchangeRateLimiterRateTests
{
    private static readonly ExchangeTurn s_refresh = new(ExchangeClass.Refresh, DateTimeOffset.UnixEpoch.AddHours(1), "team-a");

    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitTurnAsync_TwoPerSecond_NextTokenAfterHalfASecond()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 2 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);
        var next = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);

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
        _ = limiter.WaitTurnAsync("sts.us-east-1.amazonaws.com", "datadog", s_refresh, Ct);

        var sameTarget = limiter.WaitTurnAsync("sts.eu-west-1.amazonaws.com", "datadog", s_refresh, Ct);
        Assert.False(sameTarget.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await sameTarget.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public void WaitTurnAsync_SpentEndpoint_WaitsEvenForAnotherTarget()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);

        Assert.False(limiter.WaitTurnAsync("sts", "singleStore", s_refresh, Ct).IsCompleted);
    }

    [Fact]
    public void WaitTurnAsync_EndpointNamedLikeATargetBucket_DoesNotShareIt()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);

        // Bucket keys are "cloud:<endpoint>" and "target:<target>": neither name can reach the other's bucket.
        Assert.True(limiter.WaitTurnAsync("target:datadog", "http", s_refresh, Ct).IsCompletedSuccessfully);
        Assert.True(limiter.WaitTurnAsync("vault", "cloud:sts", s_refresh, Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Dispose_CancelsExchangesWaitingForATurn()
    {
        var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        _ = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);
        var waiting = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);

        limiter.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task WaitTurnAsync_CancelledWhileWaitingForTheTarget_GivesTheEndpointsTokenBack()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        using var cts = new CancellationTokenSource();
        _ = limiter.WaitTurnAsync("sts.us-east-1.amazonaws.com", "datadog", s_refresh, Ct);
        var heldByTarget = limiter.WaitTurnAsync("sts.eu-west-1.amazonaws.com", "datadog", s_refresh, cts.Token);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => heldByTarget.WaitAsync(TimeSpan.FromSeconds(5), Ct));

        // No call went to eu-west-1, so its only token is still there for the next exchange, without waiting a second.
        Assert.True(limiter.WaitTurnAsync("sts.eu-west-1.amazonaws.com", "singleStore", s_refresh, Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitTurnAsync_CancelledBeforeAnyToken_ReturnsNothingItWasNotGranted()
    {
        using var limiter = new ExchangeRateLimiter(new ExchangeRateOptions { Burst = 1, PerSecond = 1 }, _time);
        using var cts = new CancellationTokenSource();
        _ = limiter.WaitTurnAsync("sts", "datadog", s_refresh, Ct);
        var waiting = limiter.WaitTurnAsync("sts", "singleStore", s_refresh, cts.Token);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct));

        Assert.False(limiter.WaitTurnAsync("sts", "vault", s_refresh, Ct).IsCompleted);
    }
}
