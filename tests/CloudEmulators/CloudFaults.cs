using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Operator.Testing.Clouds;

/// <summary>
/// Fault knobs for one emulator: the next N requests it receives get a fault, in arrival order; requests after
/// the queue is drained are served normally, unless a standing fault (<see cref="FailAll"/>, an outage) answers
/// them until <see cref="Clear"/>. Thread-safe; delays use the emulator's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CloudFaults(TimeProvider time)
{
    private readonly ConcurrentQueue<CloudFault> _pending = new();
    private CloudFault? _standing;
    private int _injected;
    private int _holding;

    /// <summary>How many requests have been answered by a fault instead of the real handler.</summary>
    public int Injected => _injected;

    /// <summary>How many requests are being held by a delay fault right now.</summary>
    public int Holding => _holding;

    /// <summary>The next <paramref name="count"/> requests get <paramref name="fault"/>.</summary>
    public void Next(int count, CloudFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            _pending.Enqueue(fault);
        }
    }

    /// <summary>The next <paramref name="count"/> requests fail with a bare HTTP status.</summary>
    public void FailNext(int count, int statusCode) => Next(count, CloudFault.Status(statusCode));

    /// <summary>The next <paramref name="count"/> requests are served after <paramref name="delay"/>.</summary>
    public void DelayNext(int count, TimeSpan delay) => Next(count, CloudFault.Slow(delay));

    /// <summary>
    /// Every request gets <paramref name="fault"/> (after the queued ones) until <see cref="Clear"/>: an outage
    /// of a known start and end, e.g. <c>FailAll(CloudFault.Status(503))</c>.
    /// </summary>
    public void FailAll(CloudFault fault) => Volatile.Write(ref _standing, fault);

    /// <summary>Drops every pending fault and ends a standing one.</summary>
    public void Clear()
    {
        Volatile.Write(ref _standing, null);
        _pending.Clear();
    }

    /// <summary>Applies the next pending fault, if any; returns true when the request was answered by it.</summary>
    public async Task<bool> TryApplyAsync(HttpContext context)
    {
        if (!_pending.TryDequeue(out var fault) && (fault = Volatile.Read(ref _standing)) is null)
        {
            return false;
        }

        if (fault.Delay > TimeSpan.Zero)
        {
            // Counted only once the timer exists, so a test that sees the request held can move time past it.
            var delay = Task.Delay(fault.Delay, time, context.RequestAborted);
            Interlocked.Increment(ref _holding);
            try
            {
                await delay;
            }
            finally
            {
                Interlocked.Decrement(ref _holding);
            }
        }

        if (fault.Respond is null)
        {
            return false;
        }

        Interlocked.Increment(ref _injected);
        await fault.Respond(context);
        return true;
    }
}
