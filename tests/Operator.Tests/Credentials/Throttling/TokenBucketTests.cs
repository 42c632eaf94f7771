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

    private readonly FakeTimeProvider _time = new();

    private TokenBucket Bucket(int capacity) => new(capacity, s_perToken, _time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void WaitAsync_FreshBucket_GrantsExactlyItsCapacityAtOnce()
    {
        using var bucket = Bucket(capacity: 3);

        var granted = Enumerable.Range(0, 3).Select(_ => bucket.WaitAsync(ExchangePriority.Routine, Ct)).ToList();
        var fourth = bucket.WaitAsync(ExchangePriority.Routine, Ct);

        Assert.All(granted, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.False(fourth.IsCompleted);
    }

    [Fact]
    public void WaitAsync_CapacityOfOne_GrantsTheSingleToken()
    {
        using var bucket = Bucket(capacity: 1);

        Assert.True(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompleted);
    }

    [Fact]
    public void WaitAsync_LongIdle_RefillsOnlyUpToCapacity()
    {
        using var bucket = Bucket(capacity: 2);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompletedSuccessfully);
        Assert.True(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompleted);
    }

    [Fact]
    public void WaitAsync_PartTokenAccrued_WaiterIsGrantedExactlyWhenTheTokenIsWhole()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        var waiter = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(waiter.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(waiter.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_GrantingAWaiter_SpendsItsToken()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var waiter = bucket.WaitAsync(ExchangePriority.Routine, Ct);

        _time.Advance(s_perToken);

        Assert.True(waiter.IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompleted);
    }

    [Fact]
    public void WaitAsync_SamePriority_ServedInArrivalOrderOnePerToken()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var first = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var second = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var third = bucket.WaitAsync(ExchangePriority.Routine, Ct);

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
    public void WaitAsync_UrgentBehindRoutine_GetsTheNextToken()
    {
        using var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var routine = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var urgent = bucket.WaitAsync(ExchangePriority.Urgent, Ct);

        _time.Advance(s_perToken);
        Assert.True(urgent.IsCompletedSuccessfully);
        Assert.False(routine.IsCompleted);

        _time.Advance(s_perToken);
        Assert.True(routine.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_CancelledWhileWaiting_TaskIsCancelledAndItsTurnSkippedWithoutSpendingAToken()
    {
        using var bucket = Bucket(capacity: 1);
        using var cts = new CancellationTokenSource();
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var cancelled = bucket.WaitAsync(ExchangePriority.Routine, cts.Token);
        var next = bucket.WaitAsync(ExchangePriority.Routine, Ct);

        cts.Cancel();
        Assert.True(cancelled.IsCanceled);

        _time.Advance(s_perToken);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.False(bucket.WaitAsync(ExchangePriority.Routine, Ct).IsCompleted);
    }

    [Fact]
    public void Dispose_CancelsEveryWaiter()
    {
        var bucket = Bucket(capacity: 1);
        _ = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var routine = bucket.WaitAsync(ExchangePriority.Routine, Ct);
        var urgent = bucket.WaitAsync(ExchangePriority.Urgent, Ct);

        bucket.Dispose();

        Assert.True(routine.IsCanceled);
        Assert.True(urgent.IsCanceled);
    }
}
