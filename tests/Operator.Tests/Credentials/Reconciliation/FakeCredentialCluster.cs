using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>
/// The cluster in memory for reconciler tests: one namespace's Secrets and the ServiceAccount, and a log of every
/// call in order. Writes follow <see cref="SecretWriter"/>'s contract (create; nothing when the Secret already
/// matches; delete then create on a type change; otherwise replace, keeping labels and annotations others added),
/// and, like the API server, refuse a write based on a stale or missing read.
/// Every status handed over is recorded (the real <see cref="Operator.Runtime.StatusPatcher"/> drops unchanged ones).
/// </summary>
internal sealed class FakeCredentialCluster : ICredentialCluster
{
    private int _resourceVersion = 100;

    public Dictionary<string, V1Secret> Secrets { get; } = [];

    public V1ServiceAccount? ServiceAccount { get; set; } = Objects.ServiceAccount();

    /// <summary>Every call, in order: "read Secret app-aws", "create Secret app-aws", "patch status", "event Warning SecretConflict", ...</summary>
    public List<string> Calls { get; } = [];

    public List<DelegatedCredentialStatus> Statuses { get; } = [];

    public List<(string Type, string Reason, string Message)> Events { get; } = [];

    /// <summary>The data hashes rollout restarts were asked for.</summary>
    public List<string> Restarts { get; } = [];

    /// <summary>Thrown by <see cref="RestartRolloutsAsync"/> when set, as <see cref="RolloutRestarter"/> throws when a workload could not be patched.</summary>
    public Exception? RestartFailure { get; set; }

    /// <summary>The DelegatedCredentials as the API server has them; the reconciled object is added when absent.</summary>
    public Dictionary<string, DelegatedCredential> Credentials { get; } = [];

    public void Add(V1Secret secret) => Secrets[secret.Metadata.Name] = secret;

    public Task<DelegatedCredential?> ReadCredentialAsync(string ns, string name, CancellationToken cancellationToken)
    {
        Calls.Add($"read DelegatedCredential {name}");
        return Task.FromResult(Credentials.GetValueOrDefault(name));
    }

    public Task<V1Secret?> ReadSecretAsync(string ns, string name, CancellationToken cancellationToken)
    {
        Calls.Add($"read Secret {name}");
        return Task.FromResult(Secrets.GetValueOrDefault(name));
    }

    public Task<V1ServiceAccount?> ReadServiceAccountAsync(string ns, string name, CancellationToken cancellationToken)
    {
        Calls.Add($"read ServiceAccount {name}");
        return Task.FromResult(ServiceAccount?.Metadata.Name == name ? ServiceAccount : null);
    }

    /// <summary>Thrown once by the next <see cref="WriteSecretAsync"/> (then cleared), as the API server's 500 would be.</summary>
    public Exception? NextWriteFailure { get; set; }

    /// <summary>Thrown once by the next <see cref="PatchStatusAsync"/> (then cleared).</summary>
    public Exception? NextStatusFailure { get; set; }

    public Task<bool> WriteSecretAsync(V1Secret? existing, V1Secret desired, CancellationToken cancellationToken)
    {
        var name = desired.Metadata.Name;
        if (NextWriteFailure is { } failure)
        {
            NextWriteFailure = null;
            Calls.Add($"write Secret {name} failed");
            throw failure;
        }

        var stored = Secrets.GetValueOrDefault(name);
        if (stored?.Metadata.ResourceVersion != existing?.Metadata.ResourceVersion)
        {
            throw new InvalidOperationException($"Secret {name}: written from a stale read (409 Conflict or 409 AlreadyExists).");
        }

        if (existing is null)
        {
            Create(desired);
            return Task.FromResult(true);
        }

        if (SecretWriter.Matches(existing, desired))
        {
            return Task.FromResult(false);
        }

        if ((existing.Type ?? DesiredSecret.DefaultType) != desired.Type)
        {
            Calls.Add($"delete Secret {name}");
            Secrets.Remove(name);
            Create(desired);
            return Task.FromResult(true);
        }

        Calls.Add($"replace Secret {name}");
        Secrets[name] = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = desired.Metadata.NamespaceProperty,
                Uid = existing.Metadata.Uid,
                ResourceVersion = NextResourceVersion(),
                Labels = Overlay(existing.Metadata.Labels, desired.Metadata.Labels),
                Annotations = Overlay(existing.Metadata.Annotations, desired.Metadata.Annotations),
                OwnerReferences = desired.Metadata.OwnerReferences,
            },
            Type = desired.Type,
            Data = desired.Data,
        };
        return Task.FromResult(true);
    }

    public Task PatchStatusAsync(DelegatedCredential credential, DelegatedCredentialStatus status, CancellationToken cancellationToken)
    {
        if (NextStatusFailure is { } failure)
        {
            NextStatusFailure = null;
            Calls.Add("patch status failed");
            throw failure;
        }

        Calls.Add("patch status");
        Statuses.Add(status);
        return Task.CompletedTask;
    }

    public Task RecordEventAsync(DelegatedCredential credential, string type, string reason, string message, CancellationToken cancellationToken)
    {
        Calls.Add($"event {type} {reason}");
        Events.Add((type, reason, message));
        return Task.CompletedTask;
    }

    public Task RestartRolloutsAsync(DelegatedCredential credential, string dataHash, CancellationToken cancellationToken)
    {
        Calls.Add("restart rollouts");
        Restarts.Add(dataHash);
        return RestartFailure is null ? Task.CompletedTask : Task.FromException(RestartFailure);
    }

    private void Create(V1Secret desired)
    {
        Calls.Add($"create Secret {desired.Metadata.Name}");
        Secrets[desired.Metadata.Name] = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = desired.Metadata.Name,
                NamespaceProperty = desired.Metadata.NamespaceProperty,
                Uid = $"secret-uid-{_resourceVersion}",
                ResourceVersion = NextResourceVersion(),
                Labels = new Dictionary<string, string>(desired.Metadata.Labels),
                Annotations = new Dictionary<string, string>(desired.Metadata.Annotations),
                OwnerReferences = desired.Metadata.OwnerReferences,
            },
            Type = desired.Type,
            Data = desired.Data,
        };
    }

    private string NextResourceVersion() => (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Overlay(IDictionary<string, string>? existing, IDictionary<string, string> wanted)
    {
        var merged = new Dictionary<string, string>(existing ?? new Dictionary<string, string>());
        foreach (var (key, value) in wanted)
        {
            merged[key] = value;
        }

        return merged;
    }
}
