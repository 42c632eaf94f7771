using System.Collections.Concurrent;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Throttling;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Credentials held back by an open breaker come back the moment its probe gets an answer, not on their own retry
/// time (docs/behaviour.md §3): when a breaker closes, every object it held is enqueued at once, earliest deadline
/// first (the exchange rate limiter then serves them at its rate, expired ones first), and its next reconcile passes
/// the retry gate.
/// </summary>
internal sealed class BreakerWakeups
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ObjectKey, DateTimeOffset>> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ObjectKey, byte> _released = new();
    private readonly Func<Controller<DelegatedCredential>?> _controller;

    /// <param name="controller">Resolved late: the controller is built after the services it reconciles with.</param>
    public BreakerWakeups(EndpointBreakers breakers, Func<Controller<DelegatedCredential>?> controller)
    {
        _controller = controller;
        breakers.Closed += Release;
    }

    /// <param name="deadline">When the object's credential expires (or the object needs one): the order of release.</param>
    public void Hold(string breaker, ObjectKey key, DateTimeOffset deadline) =>
        _held.GetOrAdd(breaker, _ => new ConcurrentDictionary<ObjectKey, DateTimeOffset>())[key] = deadline;

    /// <summary>True once for an object released by a closing breaker: its retry time no longer holds it.</summary>
    public bool TakeRelease(ObjectKey key) => _released.TryRemove(key, out _);

    /// <summary>
    /// Lifts the retry gate of one object and enqueues it: something its last failure depended on changed (its
    /// ServiceAccount was created, annotated or edited), so its retry time no longer needs to hold it.
    /// </summary>
    public void Wake(ObjectKey key)
    {
        _released[key] = 0;
        _controller()?.Queue.Add(key);
    }

    /// <summary>Drops a released mark of an object that is gone.</summary>
    public void Forget(ObjectKey key) => _released.TryRemove(key, out _);

    private void Release(string breaker)
    {
        if (!_held.TryRemove(breaker, out var keys))
        {
            return;
        }

        var controller = _controller();
        foreach (var key in keys.OrderBy(k => k.Value).Select(k => k.Key))
        {
            _released[key] = 0;
            controller?.Queue.Add(key);
        }
    }
}
