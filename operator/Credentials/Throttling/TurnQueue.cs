namespace Operator.Credentials.Throttling;

/// <summary>
/// The order in which a <see cref="TokenBucket"/> hands out tokens: earliest deadline first, with capacity shared
/// across namespaces in rounds.
/// <list type="bullet">
/// <item>Within a namespace: by <see cref="ExchangeTurn.Class"/> (expired, first issue, refresh), then
/// <see cref="ExchangeTurn.Deadline"/>, then arrival.</item>
/// <item>Across namespaces: rounds. In a round every namespace with a waiter is served once, the one whose most
/// urgent waiter is most urgent first; a namespace served in this round waits for the next. So a namespace with
/// thousands of waiters gets one token per round like any other, and a waiter at the head of its namespace is
/// served within two rounds, i.e. at most 2 × (namespaces waiting − 1) other grants, however long the others'
/// queues are. With a single namespace waiting this is plain earliest-deadline-first.</item>
/// </list>
/// Every exchange costs one token, so deficit round-robin with equal quanta is this plain round-robin; weights
/// would need a per-namespace setting nobody has asked for. Strict class priority across namespaces was rejected:
/// one namespace's burst of first issues (or of Secrets whose data it damaged, which count as expired) would hold
/// every other namespace's refreshes until their credentials expired.
/// Not thread-safe: <see cref="TokenBucket"/> holds its lock around every call.
/// </summary>
internal sealed class TurnQueue<T>
{
    private readonly Dictionary<string, SortedSet<Entry>> _byNamespace = new(StringComparer.Ordinal);
    private readonly SortedSet<Entry> _eligibleHeads = new(EntryOrder.Instance);
    private readonly HashSet<string> _servedThisRound = new(StringComparer.Ordinal);
    private long _arrivals;

    public int Count { get; private set; }

    /// <summary>Adds a waiter; the returned entry removes it again (<see cref="Remove"/>).</summary>
    public Entry Enqueue(ExchangeTurn turn, T value)
    {
        var entry = new Entry(turn, _arrivals++, value);
        if (!_byNamespace.TryGetValue(turn.Namespace, out var waiting))
        {
            waiting = new SortedSet<Entry>(EntryOrder.Instance);
            _byNamespace.Add(turn.Namespace, waiting);
        }

        var head = waiting.Count > 0 ? waiting.Min : null;
        waiting.Add(entry);
        Count++;
        if (!_servedThisRound.Contains(turn.Namespace) && ReferenceEquals(waiting.Min, entry))
        {
            if (head is not null)
            {
                _eligibleHeads.Remove(head);
            }

            _eligibleHeads.Add(entry);
        }

        return entry;
    }

    /// <summary>Takes a waiter out of line (a cancelled wait); false when it was already dequeued or removed.</summary>
    public bool Remove(Entry entry)
    {
        var ns = entry.Turn.Namespace;
        if (!_byNamespace.TryGetValue(ns, out var waiting) || !waiting.Remove(entry))
        {
            return false;
        }

        Count--;
        if (_eligibleHeads.Remove(entry) && waiting.Count > 0)
        {
            _eligibleHeads.Add(waiting.Min!);
        }

        if (waiting.Count == 0)
        {
            _byNamespace.Remove(ns);
        }

        return true;
    }

    public bool TryDequeue(out T value)
    {
        if (Count == 0)
        {
            value = default!;
            return false;
        }

        if (_eligibleHeads.Count == 0)
        {
            StartRound();
        }

        var next = _eligibleHeads.Min!;
        _eligibleHeads.Remove(next);
        var waiting = _byNamespace[next.Turn.Namespace];
        waiting.Remove(next);
        Count--;
        _servedThisRound.Add(next.Turn.Namespace);
        if (waiting.Count == 0)
        {
            _byNamespace.Remove(next.Turn.Namespace);
        }

        value = next.Value;
        return true;
    }

    /// <summary>Every namespace still waiting becomes eligible again; namespaces with no waiter are forgotten.</summary>
    private void StartRound()
    {
        _servedThisRound.Clear();
        foreach (var waiting in _byNamespace.Values)
        {
            _eligibleHeads.Add(waiting.Min!);
        }
    }

    internal sealed class Entry(ExchangeTurn turn, long arrival, T value)
    {
        public ExchangeTurn Turn { get; } = turn;

        public long Arrival { get; } = arrival;

        public T Value { get; } = value;
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            var byClass = x!.Turn.Class.CompareTo(y!.Turn.Class);
            if (byClass != 0)
            {
                return byClass;
            }

            var byDeadline = x.Turn.Deadline.CompareTo(y.Turn.Deadline);
            return byDeadline != 0 ? byDeadline : x.Arrival.CompareTo(y.Arrival);
        }
    }
}
