using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace Operator.Runtime.Sharding;

/// <summary>
/// Takes and keeps one shard's Lease for this replica, with client-go's timing: every RetryPeriod it reads the Lease and
/// renews it if held, or takes it if free (never held, released, or unchanged for its lease duration as observed on this
/// replica's own clock). A renewal that has not succeeded for RenewDeadline gives the shard up before anyone else can take
/// it (LeaseDuration &gt; RenewDeadline). Hand-written around KubernetesClient's <see cref="ILock"/>, which does the reads
/// and the optimistic (resourceVersion-checked) writes, because the package's LeaderElector takes any free lease at once:
/// here a replica already holding k shards leaves a free one for k lease durations to a replica holding fewer, so replicas
/// starting together split the shards. Acquisitions of one replica take turns (<c>acquiring</c>) for the same reason.
/// </summary>
internal sealed class ShardLease(
    int shard,
    ILock lease,
    HeldShards shards,
    SemaphoreSlim acquiring,
    LeaderElectionOptions options,
    TimeProvider time,
    ILogger logger)
{
    private LeaderElectionRecord? _observed;
    private DateTimeOffset _observedAt;
    private DateTimeOffset? _freeSince;
    private DateTimeOffset _renewedAt;

    public int Shard => shard;

    public bool IsHolding => shards.Holds(shard);

    public async Task HoldAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await TickAsync(stoppingToken).ConfigureAwait(false);
            await Task.Delay(options.RetryPeriod, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One attempt, under a RenewDeadline budget: a call that hangs counts as a failed one.</summary>
    internal async Task TickAsync(CancellationToken stoppingToken)
    {
        if (IsHolding)
        {
            await RenewAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await acquiring.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            // Inside the turn, so the held count the fair-share wait reads cannot change underneath.
            if (await AttemptAsync(stoppingToken).ConfigureAwait(false) == Outcome.Held)
            {
                _renewedAt = time.GetUtcNow();
                logger.ShardAcquired(shard, lease.Describe(), options.Identity);
                shards.Acquire(shard);
            }
        }
        finally
        {
            acquiring.Release();
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var outcome = await AttemptAsync(stoppingToken).ConfigureAwait(false);
        if (outcome == Outcome.Held)
        {
            _renewedAt = time.GetUtcNow();
        }
        else if (outcome == Outcome.TakenByOther)
        {
            Lose($"the Lease names {_observed?.HolderIdentity}");
        }
        else if (outcome == Outcome.Failed && time.GetUtcNow() - _renewedAt >= options.RenewDeadline)
        {
            Lose($"not renewed for {options.RenewDeadline}");
        }
    }

    private void Lose(string why)
    {
        shards.Lose(shard);
        logger.ShardLost(shard, lease.Describe(), why);
    }

    private async Task<Outcome> AttemptAsync(CancellationToken stoppingToken)
    {
        using var budget = new CancellationTokenSource(options.RenewDeadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, budget.Token);
        try
        {
            return await TryAcquireOrRenewAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return Outcome.Failed;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A refused or hung call, or a Lease the client cannot read: this attempt failed, the next one tries again.
            logger.ShardLeaseError(ex, lease.Describe(), shard);
            return Outcome.Failed;
        }
    }

    private async Task<Outcome> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        LeaderElectionRecord? current = null;
        try
        {
            current = await lease.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }

        var now = time.GetUtcNow();
        if (current is null)
        {
            if (IsHolding)
            {
                return Outcome.TakenByOther;
            }

            _freeSince ??= now;
            return MayTake(now) && await lease.CreateAsync(Record(now, null), cancellationToken).ConfigureAwait(false)
                ? Took(now) : Outcome.NotTaken;
        }

        if (!Equals(_observed, current))
        {
            _observed = current;
            _observedAt = now;
        }

        var mine = current.HolderIdentity == options.Identity;
        if (!mine)
        {
            if (IsHolding)
            {
                return Outcome.TakenByOther;
            }

            var duration = current.LeaseDurationSeconds > 0 ? TimeSpan.FromSeconds(current.LeaseDurationSeconds) : options.LeaseDuration;
            if (!string.IsNullOrEmpty(current.HolderIdentity) && now - _observedAt < duration)
            {
                _freeSince = null;
                return Outcome.NotTaken;
            }

            _freeSince ??= now;
            if (!MayTake(now))
            {
                return Outcome.NotTaken;
            }
        }

        // A 409 (someone wrote the Lease since it was read) comes back as false: this attempt failed.
        return await lease.UpdateAsync(Record(now, mine ? current : null, current.LeaderTransitions), cancellationToken).ConfigureAwait(false)
            ? Took(now) : Outcome.Failed;
    }

    /// <summary>A replica holding k shards waits k lease durations after first seeing this one free.</summary>
    private bool MayTake(DateTimeOffset now) => now - _freeSince >= shards.HeldCount * options.LeaseDuration;

    private Outcome Took(DateTimeOffset now)
    {
        _observed = null;
        _observedAt = now;
        _freeSince = null;
        return Outcome.Held;
    }

    private LeaderElectionRecord Record(DateTimeOffset now, LeaderElectionRecord? held, int transitions = -1) => new()
    {
        HolderIdentity = options.Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds),
        AcquireTime = held?.AcquireTime ?? now.UtcDateTime,
        RenewTime = now.UtcDateTime,
        LeaderTransitions = held?.LeaderTransitions ?? transitions + 1,
    };

    private enum Outcome
    {
        Held,
        NotTaken,
        TakenByOther,
        Failed,
    }
}
