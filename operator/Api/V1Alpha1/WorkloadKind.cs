using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>The workload kinds restartOnRotation can roll (all apps/v1).</summary>
[JsonConverter(typeof(LenientEnumConverter<WorkloadKind>))]
public enum WorkloadKind
{
    /// <summary>A value this build does not know (a newer CRD's); the validator refuses it, naming the field.</summary>
    Unrecognized = -1,

    [JsonStringEnumMemberName("Deployment")]
    Deployment,

    [JsonStringEnumMemberName("StatefulSet")]
    StatefulSet,

    [JsonStringEnumMemberName("DaemonSet")]
    DaemonSet,
}
