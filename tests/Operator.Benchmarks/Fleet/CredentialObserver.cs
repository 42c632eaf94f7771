using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Benchmarks.Fleet;

/// <summary>
/// Watches every DelegatedCredential (as the cluster admin, through the operator's own informer) and keeps, per
/// credential, each status it saw with the time it saw it: the Ready count, and the <c>refreshAt</c> and
/// <c>expiresAt</c> in force at any moment, which the lateness of a refresh is measured against.
/// </summary>
internal sealed class CredentialObserver
{
    private readonly Informer<DelegatedCredential> _informer;
    private readonly ConcurrentDictionary<string, List<Observation>> _history = new(StringComparer.Ordinal);
    private int _ready;

    public CredentialObserver(IKubernetes client, RuntimeMetrics metrics)
    {
        _informer = new Informer<DelegatedCredential>(ResourceClients.Custom<DelegatedCredential, DelegatedCredentialList>(client),
            new InformerOptions(), TimeProvider.System, NullLogger<Informer<DelegatedCredential>>.Instance, metrics);
        _informer.AddHandler(OnChange);
    }

    /// <summary>Credentials whose latest status is Ready=True.</summary>
    public int Ready => Volatile.Read(ref _ready);

    public Task RunAsync(CancellationToken cancellationToken) => _informer.RunAsync(cancellationToken);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _informer.WaitForSyncAsync(cancellationToken);

    /// <summary>The status in force just before <paramref name="at"/> for the credential whose STS session is <paramref name="session"/>.</summary>
    public Observation? Before(string session, DateTimeOffset at)
    {
        if (!_history.TryGetValue(session, out var list))
        {
            return null;
        }

        lock (list)
        {
            return list.LastOrDefault(o => o.At < at);
        }
    }

    /// <summary>The latest status of each credential.</summary>
    public IReadOnlyList<(string Session, Observation Latest)> Latest() =>
        [.. _history.Select(h => { lock (h.Value) { return (h.Key, h.Value[^1]); } })];

    // The operator's RoleSessionName is `namespace.name`: the key that ties an STS call to its credential.
    public static string Session(string ns, string name) => $"{ns}.{name}";

    private void OnChange(InformerEvent<DelegatedCredential> change)
    {
        var credential = change.Object;
        var session = Session(credential.Metadata.NamespaceProperty, credential.Metadata.Name);
        var status = credential.Status;
        var ready = status?.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true && change.Type != WatchEventType.Deleted;
        var observation = new Observation(DateTimeOffset.UtcNow, status?.RefreshAt, status?.ExpiresAt, ready);
        var list = _history.GetOrAdd(session, _ => []);
        lock (list)
        {
            var was = list.Count > 0 && list[^1].Ready;
            list.Add(observation);
            if (was != ready)
            {
                Interlocked.Add(ref _ready, ready ? 1 : -1);
            }
        }
    }

    public sealed record Observation(DateTimeOffset At, DateTimeOffset? RefreshAt, DateTimeOffset? ExpiresAt, bool Ready);
}
