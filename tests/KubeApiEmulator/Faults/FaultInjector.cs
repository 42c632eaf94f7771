namespace Operator.Testing.KubeApi.Faults;

/// <summary>
/// Faults the emulator injects (F1–F3): errors, throttling, forced 410s, latency, and the ending of open watches.
/// Usable in-process and through `POST /emulator/faults` (see README.md beside this file).
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRuleState> _rules = [];
    private readonly List<ActiveWatch> _watches = [];
    private readonly List<InjectedFault> _injected = [];

    /// <summary>Adds a rule; rules are consulted in the order added, the first match applies (latency rules stack).</summary>
    public void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(new FaultRuleState(rule, rule.Count));
        }
    }

    /// <summary>Removes every rule (open watches are not affected).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The next <paramref name="count"/> matching lists or watches get 410 Expired.</summary>
    public void ExpireNext(int count, string? verb = null, string? resource = null) =>
        Add(new FaultRule(FaultKind.Expired) { Count = count, Verb = verb, Resource = resource });

    /// <summary>The next <paramref name="count"/> matching requests fail with <paramref name="statusCode"/>.</summary>
    public void FailNext(int statusCode, int count = 1, string? verb = null, string? resource = null) =>
        Add(new FaultRule(FaultKind.Error) { StatusCode = statusCode, Count = count, Verb = verb, Resource = resource });

    /// <summary>
    /// Ends the open watches (optionally of one resource): cleanly (the body ends as on timeoutSeconds, W7) or
    /// abruptly (the connection/stream is aborted: HTTP/1.1 close without the final chunk, HTTP/2 RST_STREAM, F3).
    /// </summary>
    /// <returns>How many watches were ended.</returns>
    public int EndWatches(bool abrupt = false, string? resource = null)
    {
        List<ActiveWatch> ending;
        lock (_gate)
        {
            ending = [.. _watches.Where(w => resource is null || w.Resource == resource || w.QualifiedResource == resource)];
        }
        foreach (var watch in ending)
        {
            watch.End(abrupt);
        }
        return ending.Count;
    }

    /// <summary>Every request a rule answered instead of the server (latency rules not included), in order.</summary>
    public IReadOnlyList<InjectedFault> Injected
    {
        get
        {
            lock (_gate)
            {
                return [.. _injected];
            }
        }
    }

    /// <summary>Number of watches currently open (for tests that wait until a client is watching).</summary>
    public int ActiveWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>The first matching non-latency rule (consuming one of its count) and the summed latency.</summary>
    internal (FaultRule? Rule, TimeSpan Latency) Match(string verb, string plural, string qualifiedResource)
    {
        lock (_gate)
        {
            var latency = TimeSpan.Zero;
            FaultRule? hit = null;
            foreach (var state in _rules.ToList())
            {
                if (!state.Rule.Matches(verb, plural, qualifiedResource) || (hit is not null && state.Rule.Kind != FaultKind.Latency))
                {
                    continue;
                }
                if (state.Rule.Kind == FaultKind.Expired && verb is not ("list" or "watch"))
                {
                    continue;
                }
                if (state.Remaining is { } remaining)
                {
                    state.Remaining = remaining - 1;
                    if (state.Remaining <= 0)
                    {
                        _rules.Remove(state);
                    }
                }
                if (state.Rule.Kind == FaultKind.Latency)
                {
                    latency += state.Rule.Latency;
                }
                else
                {
                    hit = state.Rule;
                }
            }
            if (hit is not null)
            {
                _injected.Add(new InjectedFault(DateTimeOffset.UtcNow, verb, plural, hit.Kind, hit.StatusCode));
            }
            return (hit, latency);
        }
    }

    internal IDisposable TrackWatch(string plural, string qualifiedResource, Action<bool> end)
    {
        var watch = new ActiveWatch(plural, qualifiedResource, end);
        lock (_gate)
        {
            _watches.Add(watch);
        }
        return new WatchRegistration(() =>
        {
            lock (_gate)
            {
                _watches.Remove(watch);
            }
        });
    }

    private sealed class FaultRuleState(FaultRule rule, int? remaining)
    {
        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; } = remaining;
    }

    private sealed record ActiveWatch(string Resource, string QualifiedResource, Action<bool> End);

    private sealed class WatchRegistration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
