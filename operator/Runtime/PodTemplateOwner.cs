using k8s.Models;

namespace Operator.Runtime;

/// <summary>
/// What a rollout restart reads of a Deployment, StatefulSet or DaemonSet: its pod template's metadata, through the
/// generic object API (the same path, <c>/apis/apps/v1/namespaces/NS/PLURAL/NAME</c>). The client's full models would
/// bring the whole pod spec, some two hundred types, into the operator's JSON context (Runtime/OperatorJsonContext.cs)
/// and so into the native executable, for one annotation; unknown fields are skipped when read.
/// </summary>
internal sealed class PodTemplateOwner
{
    public WorkloadSpec? Spec { get; set; }

    /// <summary>The workload's spec, of which only the pod template is read.</summary>
    internal sealed class WorkloadSpec
    {
        public PodTemplate? Template { get; set; }
    }

    /// <summary>The pod template, of which only the metadata is read.</summary>
    internal sealed class PodTemplate
    {
        public V1ObjectMeta? Metadata { get; set; }
    }
}
