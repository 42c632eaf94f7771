using System.Collections.Concurrent;
using Operator.Credentials.Targets;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Credentials already exchanged but not yet written: when the Secret write (or anything after the exchange and
/// before it) fails on a Kubernetes API error, the next attempt writes this one instead of exchanging again
/// (docs/behaviour.md §3). Keyed by the object's UID and the spec hash it was issued for, so a deleted and
/// re-created object or a changed spec never gets it; dropped once written, and never handed out within
/// <see cref="RetryPolicy.Floor"/> of its expiry. In memory only: a restart costs one exchange, never a leak.
/// </summary>
internal sealed class PendingCredentials(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Uid, string SpecHash), IssuedCredential> _pending = new();

    public int Count => _pending.Count;

    public void Hold(string uid, string specHash, IssuedCredential credential)
    {
        Prune();
        _pending[(uid, specHash)] = credential;
    }

    /// <summary>The held credential for this object and spec, if it is still worth writing.</summary>
    public IssuedCredential? Find(string uid, string specHash, TimeSpan margin)
    {
        if (!_pending.TryGetValue((uid, specHash), out var credential))
        {
            return null;
        }

        if (credential.ExpiresAt - time.GetUtcNow() > margin)
        {
            return credential;
        }

        _pending.TryRemove((uid, specHash), out _);
        return null;
    }

    public void Written(string uid, string specHash) => _pending.TryRemove((uid, specHash), out _);

    /// <summary>Drops everything held for an object that is gone.</summary>
    public void Forget(string uid)
    {
        foreach (var key in _pending.Keys.Where(k => k.Uid == uid))
        {
            _pending.TryRemove(key, out _);
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, credential) in _pending.Where(p => p.Value.ExpiresAt <= now))
        {
            _pending.TryRemove(key, out _);
        }
    }
}
