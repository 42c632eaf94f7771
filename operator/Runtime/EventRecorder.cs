using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// Records core/v1 Events about objects, as <c>kubectl describe</c> shows them. A repeat of the same
/// (object, type, reason, message) bumps the existing Event's count and lastTimestamp instead of creating
/// another, as client-go's correlator does. Recording never fails a reconcile: errors are logged and dropped.
/// </summary>
internal sealed class EventRecorder(IKubernetes client, string component, TimeProvider time, ILogger<EventRecorder> logger)
{
    private const int MaxRemembered = 4096;
    private readonly ConcurrentDictionary<string, Seen> _seen = new();

    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> about, string type, string reason, string message,
        CancellationToken cancellationToken)
    {
        var ns = about.Namespace() ?? "default";
        var identity = $"{about.Uid()}|{about.Kind}|{ns}|{about.Name()}|{type}|{reason}|{message}";
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            if (_seen.TryGetValue(identity, out var seen) && await TryBumpAsync(ns, seen, now, cancellationToken).ConfigureAwait(false))
            {
                _seen[identity] = seen with { Count = seen.Count + 1 };
                return;
            }

            var created = await client.CoreV1.CreateNamespacedEventAsync(NewEvent(about, ns, type, reason, message, now), ns,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Remember(identity, new Seen(created.Name(), created.Count ?? 1));
        }
        catch (Exception ex)
        {
            // Cancellation included: an event is worth less than the reconcile that waits on it.
            logger.EventFailed(ex, reason, about.Name());
        }
    }

    /// <summary>False when the earlier Event is gone (expired or deleted): then a new one is created.</summary>
    private async Task<bool> TryBumpAsync(string ns, Seen seen, DateTime now, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["count"] = seen.Count + 1, ["lastTimestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(patch, seen.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
        }
    }

    private Corev1Event NewEvent(IKubernetesObject<V1ObjectMeta> about, string ns, string type, string reason, string message, DateTime now) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{about.Name()}.{now.Ticks:x}{Random.Shared.Next(0x1000):x3}", NamespaceProperty = ns },
        InvolvedObject = new V1ObjectReference
        {
            ApiVersion = about.ApiVersion,
            Kind = about.Kind,
            Name = about.Name(),
            NamespaceProperty = about.Namespace(),
            Uid = about.Uid(),
            ResourceVersion = about.ResourceVersion(),
        },
        Type = type,
        Reason = reason,
        Message = message,
        Source = new V1EventSource { Component = component },
        FirstTimestamp = now,
        LastTimestamp = now,
        Count = 1,
    };

    private void Remember(string identity, Seen seen)
    {
        // A bounded memory: forgetting only means the next repeat creates a fresh Event.
        if (_seen.Count >= MaxRemembered)
        {
            _seen.Clear();
        }

        _seen[identity] = seen;
    }

    private sealed record Seen(string Name, int Count);
}
