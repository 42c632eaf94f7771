using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
            // An expected API error is one line; anything else keeps its stack trace.
            logger.EventFailed(ApiErrors.IsExpected(ex) || ex is OperationCanceledException ? null : ex, reason, about.Namespace(), about.Name(),
                ApiErrors.Describe(ex));
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
        Metadata = new V1ObjectMeta { Name = EventName(about.Name(), about.Uid(), reason, $"{now.Ticks:x}{Random.Shared.Next(0x1000):x3}"), NamespaceProperty = ns },
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

    /// <summary>
    /// <c>{object name}.{suffix}</c>, as client-go names Events, while that fits the 253 characters of a name. A longer
    /// object name (names may have 253 themselves) is cut, and a hash of the object (name and UID) and the reason stands
    /// in for the rest, so the name stays a DNS subdomain, within 253, and apart from other objects' and reasons'.
    /// </summary>
    internal static string EventName(string objectName, string? uid, string reason, string suffix)
    {
        const int MaxName = 253;
        var plain = $"{objectName}.{suffix}";
        if (plain.Length <= MaxName)
        {
            return plain;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{uid}/{objectName}/{reason}")))[..16];
        var keep = MaxName - suffix.Length - hash.Length - 2;
        // A cut may end a label on '.' or '-', which may not precede the '-' of the hash.
        var head = objectName[..Math.Min(keep, objectName.Length)].TrimEnd('.', '-');
        return $"{head}-{hash}.{suffix}";
    }

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
