using System.Net;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;
using Operator.Runtime.Sharding;

namespace Operator.Tests.Runtime.Sharding;

/// <summary>One shard's Lease on a fake clock: 15 s lease, 10 s renew deadline, 2 s retry period (the defaults).</summary>
public sealed class ShardLeaseTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLeaseLock _lease = new("me");
    private readonly HeldShards _shards = new(2);
    private readonly SemaphoreSlim _acquiring = new(1, 1);
    private readonly FakeLogger _logger = new();
    private readonly LeaderElectionOptions _options = new() { Identity = "me" };
    private readonly ShardLease _shard;
    private readonly List<int> _acquired = [];

    public ShardLeaseTests()
    {
        _shard = new ShardLease(0, _lease, _shards, _acquiring, _options, _time, _logger);
        _shards.Acquired += _acquired.Add;
    }

    public void Dispose() => _acquiring.Dispose();

    private Task TickAsync() => _shard.TickAsync(CancellationToken.None);

    [Fact]
    public async Task Tick_NoLease_CreatesItAndHoldsTheShard()
    {
        await TickAsync();

        Assert.True(_shards.Holds(0));
        Assert.Equal([0], _acquired);
        Assert.Equal(("me", 15, 0), (_lease.Record!.HolderIdentity, _lease.Record.LeaseDurationSeconds, _lease.Record.LeaderTransitions));
    }

    [Fact]
    public async Task Tick_ReleasedLease_IsTakenAtOnce()
    {
        _lease.WriteAsOther("", _time.GetUtcNow().UtcDateTime);

        await TickAsync();

        Assert.True(_shards.Holds(0));
        Assert.Equal(2, _lease.Record!.LeaderTransitions);
    }

    [Fact]
    public async Task Tick_LeaseHeldByAnother_IsTakenOnlyOnceUnchangedForItsDuration()
    {
        _lease.WriteAsOther("other", _time.GetUtcNow().UtcDateTime);
        await TickAsync();
        _time.Advance(TimeSpan.FromSeconds(14));
        await TickAsync();
        Assert.False(_shards.Holds(0));

        _time.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();

        Assert.True(_shards.Holds(0));
        Assert.Equal("me", _lease.Record!.HolderIdentity);
    }

    [Fact]
    public async Task Tick_LeaseRenewedByAnother_IsNeverTaken()
    {
        for (var i = 0; i < 10; i++)
        {
            _lease.WriteAsOther("other", _time.GetUtcNow().UtcDateTime);
            await TickAsync();
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.False(_shards.Holds(0));
        Assert.Equal(0, _lease.Writes);
    }

    [Fact]
    public async Task Tick_HoldingAnotherShard_LeavesAFreeOneToOthersForALeaseDuration()
    {
        _shards.Acquire(1);
        await TickAsync();
        _time.Advance(TimeSpan.FromSeconds(14));
        await TickAsync();
        Assert.False(_shards.Holds(0));
        Assert.Null(_lease.Record);

        _time.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();

        Assert.True(_shards.Holds(0));
    }

    [Fact]
    public async Task Tick_Holding_RenewsKeepingTheAcquireTime()
    {
        await TickAsync();
        var acquired = _lease.Record!.AcquireTime;
        _time.Advance(TimeSpan.FromSeconds(2));

        await TickAsync();

        Assert.True(_shards.Holds(0));
        Assert.Equal((2, acquired, _time.GetUtcNow().UtcDateTime), (_lease.Writes, _lease.Record!.AcquireTime, _lease.Record.RenewTime));
    }

    [Fact]
    public async Task Tick_RenewalsFailingAfterASuccess_KeepTheShardUntilTheRenewDeadline_ThenLoseIt()
    {
        await TickAsync();
        _lease.Fault = _ => throw ApiFailures.Http(HttpStatusCode.InternalServerError);

        _time.Advance(TimeSpan.FromSeconds(9));
        await TickAsync();
        Assert.True(_shards.Holds(0));

        _time.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();

        Assert.False(_shards.Holds(0));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message.StartsWith("Lost shard 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tick_RenewalConflicting_LosesTheShardAtTheRenewDeadline()
    {
        await TickAsync();
        // Someone else wrote the Lease after each read: every replace is refused (409), though the Lease still names us.
        _lease.Fault = _ =>
        {
            _lease.WriteAsOther("me", _time.GetUtcNow().UtcDateTime);
            return Task.CompletedTask;
        };

        _time.Advance(TimeSpan.FromSeconds(5));
        await TickAsync();
        Assert.True(_shards.Holds(0));
        _time.Advance(TimeSpan.FromSeconds(5));
        await TickAsync();

        Assert.False(_shards.Holds(0));
    }

    [Fact]
    public async Task Tick_LeaseTakenByAnother_LosesTheShardAtOnce()
    {
        await TickAsync();
        _lease.WriteAsOther("other", _time.GetUtcNow().UtcDateTime);

        await TickAsync();

        Assert.False(_shards.Holds(0));
    }

    [Fact]
    public async Task Tick_HungRead_EndsAtTheRenewDeadline_AndLosesTheShard()
    {
        await TickAsync();
        _lease.Fault = ct => Task.Delay(Timeout.Infinite, ct);

        var tick = TickAsync();
        Assert.False(tick.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        await tick.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.False(_shards.Holds(0));
    }

    [Fact]
    public async Task Tick_UnreadableLease_IsNotTakenAndTheErrorLogged()
    {
        // What LeaseLock raises for a Lease without a spec (a garbage answer): the attempt fails, nothing is written.
        _lease.Fault = _ => throw new NullReferenceException("spec");

        await TickAsync();

        Assert.False(_shards.Holds(0));
        Assert.Equal(0, _lease.Writes);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message.StartsWith("Could not read or write the Lease", StringComparison.Ordinal));
    }
}
