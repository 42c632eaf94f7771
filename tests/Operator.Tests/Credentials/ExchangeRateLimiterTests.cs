using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials;

public sealed class ExchangeRateLimiterTests
{
    private static readonly ExchangeTurn s_refresh = new(ExchangeClass.Refresh, DateTimeOffset.UnixEpoch.AddHours(1), "team-a");
    private static readonly ExchangeTurn s_firstIssue = new(ExchangeClass.FirstIssue, DateTimeOffset.UnixEpoch, "team-a");

    private readonly FakeTimeProvider _time = new();

    private ExchangeRateLimiter Limiter(int burst) => new(new ExchangeRateOptions { Burst = burst, PerSecond = 1 }, _time);

    [Fact]
    public async Task WaitTurnAsync_BurstSpent_NextWaitsForTheNextToken()
    {
        using var limiter = Limiter(burst: 2);
        var ct = TestContext.Current.CancellationToken;
        await limiter.WaitTurnAsync("sts.amazonaws.com", "awsCredentials", s_refresh, ct);
        await limiter.WaitTurnAsync("sts.amazonaws.com", "awsCredentials", s_refresh, ct);

        var third = limiter.WaitTurnAsync("sts.amazonaws.com", "awsCredentials", s_refresh, ct);
        Assert.False(third.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5), ct);
    }

    [Fact]
    public async Task WaitTurnAsync_FirstIssueArrivingLater_IsServedBeforeAWaitingRefresh()
    {
        using var limiter = Limiter(burst: 1);
        var ct = TestContext.Current.CancellationToken;
        await limiter.WaitTurnAsync("sts", "awsCredentials", s_refresh, ct);
        var refresh = limiter.WaitTurnAsync("sts", "awsCredentials", s_refresh, ct);
        var firstIssue = limiter.WaitTurnAsync("sts", "awsCredentials", s_firstIssue, ct);

        _time.Advance(TimeSpan.FromSeconds(1));
        await firstIssue.WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.False(refresh.IsCompleted);
    }

    [Fact]
    public async Task WaitTurnAsync_OtherEndpointAndTarget_HaveTheirOwnBuckets()
    {
        using var limiter = Limiter(burst: 1);
        var ct = TestContext.Current.CancellationToken;
        await limiter.WaitTurnAsync("sts.amazonaws.com", "awsCredentials", s_refresh, ct);

        var other = limiter.WaitTurnAsync("sts.eu-west-1.amazonaws.com", "datadog", s_refresh, ct);

        Assert.True(other.IsCompletedSuccessfully);
        await other;
    }
}
