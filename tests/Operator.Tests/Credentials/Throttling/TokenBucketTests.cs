using Microsoft.Extensions.Time.Testing;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Throttling;

/// <summary>
/// The bucket on a fake clock: a waiter's task completes inside <see cref="FakeTimeProvider.Advance"/> when its
/// token accrues, so each test states exactly when a turn is granted.
/// </summary>
public sealed class TokenBucketTests
{
    private static readonly TimeSpan s_perToken = TimeSpan.FromSeconds(1);

    private static readonly ExchangeTurn s_refresh = new(ExchangeClass.Refresh, DateTimeOffset.UnixEpoch.AddHours(1), "team-a");
    private static readonly ExchangeTurn s_firstIssue = new(ExchangeClass.FirstIssue, DateTimeOffset.UnixEpoch, "team-a");

    private readonly FakeTimeProvider _time = new();

    private TokenBucket Bucket(int capacity) => new(capacity, s_perToken, _time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void WaitAsync_FreshBucket_GrantsExactlyItsCapacityAtOnce()
    {
        using var bucket = Bucket(capacity: 3);

        var granted = Enumerable.Range(0, 3).Select(_ => bucket.WaitAsync(s_refresh, Ct)).ToList();
        var fourth = bucket.WaitAsync(s_refresh, Ct);

        Assert.All(granted, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.False(fourth.IsCompleted);
    }

    [Fact]
    public void WaitAsync_CapacityOfOne_GrantsTheSingleToken()
    {
        using var bucket = Bucket(capacity: 1);

        Assert.True(bucket.WaitAsync(s_refresh, Ct).IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(s_refresh, Ct).IsCompleted);
    }

    [Fact]
    public void WaitAsync_LongIdle_RefillsOnlyUpToCapacity()
    {
        using var bucket = Bucket(capacity: 2);
        _ = bucket.WaitAsync(s_refresh, Ct);
        _ = bucket.WaitAsync(s_refresh, Ct);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(bucket.WaitAsync(s_refresh, Ct).IsCompletedSuccessfully);
        Assert.True(bucket.WaitAsync(s_refresh, Ct).IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(s_refresh, Ct).IsCompleted);
    }

    [Fact]
    public void WaitAsync_PartTokenAccrued_WaiterIsGrantedExactlyWhenTheTokenIsWhole()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(s_refresh, Ct);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        var waiter = bucket.WaitAsync(s_refresh, Ct);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(waiter.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(waiter.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_GrantingAWaiter_SpendsItsToken()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(s_refresh, Ct);
        var waiter = bucket.WaitAsync(s_refresh, Ct);

        _time.Advance(s_perToken);

        Assert.True(waiter.IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(s_refresh, Ct).IsCompleted);
    }

    [Fact]
    public void WaitAsync_SameTurn_ServedInArrivalOrderOnePerToken()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(s_refresh, Ct);
        var first = bucket.WaitAsync(s_refresh, Ct);
        var second = bucket.WaitAsync(s_refresh, Ct);
        var third = bucket.WaitAsync(s_refresh, Ct);

        _time.Advance(s_perToken);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        _time.Advance(s_perToken);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);

        _time.Advance(s_perToken);
        Assert.True(third.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_FirstIssueBehindRefresh_GetsTheNextToken()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(s_refresh, Ct);
        var refresh = bucket.WaitAsync(s_refresh, Ct);
        var firstIssue = bucket.WaitAsync(s_firstIssue, Ct);

        _time.Advance(s_perToken);
        Assert.True(firstIssue.IsCompletedSuccessfully);
        Assert.False(refresh.IsCompleted);

        _time.Advance(s_perToken);
        Assert.True(refresh.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_CancelledWhileWaiting_TaskIsCancelledAndItsTurnSkippedWithoutSpendingAToken()
    {
        using var bucket = Bucket(capacity: 1);
        using var cts = new CancellationTokenSource();
        _ = bucket.WaitAsync(s_refresh, Ct);
        var cancelled = bucket.WaitAsync(s_refresh, cts.Token);
        var next = bucket.WaitAsync(s_refresh, Ct);

        cts.Cancel();
        Assert.True(cancelled.IsCanceled);

        _time.Advance(s_perToken);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(s_refresh, Ct).IsCompleted);
    }

    [Fact]
    public void Dispose_CancelsEveryWaiter()
    {
        var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(s_refresh, Ct);
        var refresh = bucket.WaitAsync(s_refresh, Ct);
        var firstIssue = bucket.WaitAsync(s_firstIssue, Ct);

        bucket.Dispose();

        Assert.True(refresh.IsCanceled);
        Assert.True(firstIssue.IsCanceled);
    }
}
