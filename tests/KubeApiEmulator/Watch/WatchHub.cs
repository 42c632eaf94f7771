using System.Threading.Channels;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Watch;

/// <summary>
/// Fans committed store events out to open watches. Subscribing happens under the store's gate, so the initial
/// events (synthetic ADDED or history replay) and the live events form one gap-free, ordered sequence (W3).
/// </summary>
internal sealed class WatchHub
{
    private readonly ResourceStore _store;
    private readonly List<WatchSubscription> _subscriptions = [];

    public WatchHub(ResourceStore store)
    {
        _store = store;
        store.Committed += Dispatch;
    }

    /// <param name="fromRevision">Null: synthetic ADDED for the current objects first; else only events after it.</param>
    /// <exception cref="KubeApiException">410 Expired when the history no longer reaches back to <paramref name="fromRevision"/> (W4).</exception>
    public WatchSubscription Subscribe(string storageKey, long? fromRevision)
    {
        lock (_store.Gate)
        {
            List<StoreEvent> initial;
            if (fromRevision is null)
            {
                initial = _store.List(storageKey, null).Items
                    .Select(o => new StoreEvent(long.Parse(o["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                        storageKey, StoreEventType.Added, o, null))
                    .ToList();
            }
            else
            {
                initial = _store.EventsAfter(storageKey, fromRevision.Value)
                    ?? throw StatusErrors.Expired($"too old resource version: {fromRevision} ({_store.CompactedRevision + 1})");
            }
            var channel = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });
            foreach (var e in initial)
            {
                channel.Writer.TryWrite(e);
            }
            var subscription = new WatchSubscription(storageKey, channel, initial.Count, _store.Revision, Unsubscribe);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    private void Dispatch(StoreEvent e)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.StorageKey == e.StorageKey)
            {
                subscription.Channel.Writer.TryWrite(e);
            }
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_store.Gate)
        {
            _subscriptions.Remove(subscription);
        }
    }
}

/// <summary>One open watch's queue of store events.</summary>
/// <param name="InitialCount">How many of the queued events are the initial state (for the W6 end bookmark).</param>
/// <param name="StartRevision">The store revision when the watch began.</param>
internal sealed record WatchSubscription(string StorageKey, Channel<StoreEvent> Channel, int InitialCount, long StartRevision,
    Action<WatchSubscription> OnDispose) : IDisposable
{
    public void Dispose() => OnDispose(this);
}
