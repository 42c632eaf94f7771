using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Reconciliation;
using Operator.Runtime;

namespace Operator.Credentials.Secrets;

/// <summary>
/// <c>restartOnRotation</c>: workloads that read the Secret as environment variables only see a new credential
/// in new pods, so a hash of the Secret's content is patched into their pod template, which rolls them. The hash
/// is of the data, never the resourceVersion (which changes without content, grafana-operator#2899), keyed so that
/// it reveals nothing about them (Secrets/RolloutHash), and a template that already carries the current hash is not
/// patched, so a rotation rolls each workload once.
/// </summary>
internal sealed partial class RolloutRestarter(
    IKubernetes kubernetes, EventRecorder events, CredentialMetrics metrics, ILogger<RolloutRestarter> logger)
{
    public const string HashAnnotation = "credentials.delegated.dev/secret-hash";

    /// <exception cref="InvalidOperationException">A workload could not be patched; the reconcile is retried with backoff
    /// and, the Secret being current by then, finishes the restart from the keep path.</exception>
    public async Task RestartAsync(DelegatedCredential credential, string dataHash, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var workload in credential.Spec.RestartOnRotation ?? [])
        {
            var ns = credential.Metadata.NamespaceProperty;
            try
            {
                if (await RollAsync(ns, workload, dataHash, cancellationToken))
                {
                    metrics.RolloutRestarted(workload.Kind.ToString());
                    Log.Restarted(logger, ns, workload.Kind.ToString(), workload.Name, credential.Metadata.Name);
                }
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                // A missing workload is the user's to fix; the credential itself is fine.
                await events.RecordAsync(credential, EventRecorder.Warning, "RolloutRestartFailed",
                    $"{workload.Kind} {ns}/{workload.Name} named in spec.restartOnRotation does not exist.", cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                await events.RecordAsync(credential, EventRecorder.Warning, "RolloutRestartFailed",
                    $"Could not patch {workload.Kind} {ns}/{workload.Name}: {SecretRedaction.Redact(ex.Message)}", cancellationToken);
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"restartOnRotation: {failed} workload(s) could not be patched; retrying.");
        }
    }

    private async Task<bool> RollAsync(string ns, WorkloadReference workload, string dataHash, CancellationToken cancellationToken)
    {
        var plural = Plural(workload);
        var owner = await kubernetes.CustomObjects.GetNamespacedCustomObjectAsync<PodTemplateOwner>(
            AppsGroup, AppsVersion, ns, plural, workload.Name, cancellationToken);
        if (owner.Spec?.Template?.Metadata?.Annotations?.TryGetValue(HashAnnotation, out var current) == true && current == dataHash)
        {
            return false;
        }

        var body = new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [HashAnnotation] = dataHash } } } },
        };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        _ = await kubernetes.CustomObjects.PatchNamespacedCustomObjectAsync<PodTemplateOwner>(
            patch, AppsGroup, AppsVersion, ns, plural, workload.Name, cancellationToken: cancellationToken);
        return true;
    }

    // Read and patched as generic objects of apps/v1 (Runtime/PodTemplateOwner.cs), not as the client's full models.
    private const string AppsGroup = "apps";
    private const string AppsVersion = "v1";

    private static string Plural(WorkloadReference workload) => workload.Kind switch
    {
        WorkloadKind.Deployment => "deployments",
        WorkloadKind.StatefulSet => "statefulsets",
        WorkloadKind.DaemonSet => "daemonsets",
        _ => throw Unknown(workload),
    };

    // The validator refuses an unknown kind before any rollout (DelegatedCredentialValidator): never guess a kind.
    private static InvalidOperationException Unknown(WorkloadReference workload) =>
        new($"restartOnRotation kind {workload.Kind} of {workload.Name} is not one this operator rolls");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Restarted {Kind} {Namespace}/{Workload}: the Secret of {Credential} rotated")]
        public static partial void Restarted(ILogger logger, string @namespace, string kind, string workload, string credential);
    }
}
