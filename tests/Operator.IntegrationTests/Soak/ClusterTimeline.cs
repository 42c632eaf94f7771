using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;
using Operator.Testing.KubeApi;
using Operator.Testing.KubeApi.Store;

namespace Operator.IntegrationTests.Soak;

/// <summary>
/// Every committed write of a managed Secret and of a DelegatedCredential in one namespace, taken from the
/// Kubernetes emulator's store as it commits (so it sees every state an observer could have read, and the fault
/// rules, which apply to HTTP requests, never touch it). The Secret data read here stays in memory and is never printed.
/// </summary>
internal sealed class ClusterTimeline : IDisposable
{
    private const string SecretsKey = "/secrets";
    private const string CredentialsKey = DelegatedCredential.ApiGroup + "/" + DelegatedCredential.Plural;

    private readonly ResourceStore _store;
    private readonly string _namespace;
    private readonly ConcurrentQueue<SecretWrite> _secrets = new();
    private readonly ConcurrentQueue<StatusWrite> _statuses = new();

    public ClusterTimeline(KubeApiEmulator kube, string ns)
    {
        _store = kube.Cluster.Store;
        _namespace = ns;
        _store.Committed += OnCommitted;
    }

    public IReadOnlyList<SecretWrite> Secrets => [.. _secrets];

    public IReadOnlyList<StatusWrite> Statuses => [.. _statuses];

    public void Dispose() => _store.Committed -= OnCommitted;

    private void OnCommitted(StoreEvent e)
    {
        if (e.Namespace != _namespace || e.Type == StoreEventType.Deleted)
        {
            return;
        }

        var at = DateTimeOffset.UtcNow;
        if (e.StorageKey == SecretsKey && e.Object["data"] is JsonObject data && Text(data, "expiration") is { } expiration)
        {
            // The credential's identity: the access key id (awsCredentials) or the token (datadog).
            _secrets.Enqueue(new SecretWrite(at, e.Name, Time(expiration), Text(data, "AWS_ACCESS_KEY_ID") ?? Text(data, "token")));
        }
        else if (e.StorageKey == CredentialsKey && e.Object["status"] is JsonObject status)
        {
            var ready = (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
            _statuses.Enqueue(new StatusWrite(at, e.Name, (string?)ready?["status"], (string?)ready?["reason"],
                (string?)status["expiresAt"] is { } expiresAt ? Time(expiresAt) : null));
        }
    }

    private static string? Text(JsonObject data, string key) =>
        (string?)data[key] is { } base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(base64)) : null;

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>A Secret as written at <paramref name="At"/>: its expiry and which credential it holds (never printed).</summary>
internal sealed record SecretWrite(DateTimeOffset At, string Name, DateTimeOffset ExpiresAt, string? CredentialId)
{
    public override string ToString() => $"{Name} written {At:HH:mm:ss.fff}, expires {ExpiresAt:HH:mm:ss}";
}

/// <summary>A DelegatedCredential's status as written at <paramref name="At"/>.</summary>
internal sealed record StatusWrite(DateTimeOffset At, string Name, string? Ready, string? Reason, DateTimeOffset? ExpiresAt)
{
    /// <summary>Ready with a credential just issued or refreshed (not RefreshFailed, which only keeps an old one).</summary>
    public bool FreshlyReady => Ready == "True" && Reason is "Issued" or "Refreshed";
}
