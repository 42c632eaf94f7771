using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>The workload kinds restartOnRotation can roll (all apps/v1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkloadKind>))]
public enum WorkloadKind
{
    [JsonStringEnumMemberName("Deployment")]
    Deployment,

    [JsonStringEnumMemberName("StatefulSet")]
    StatefulSet,

    [JsonStringEnumMemberName("DaemonSet")]
    DaemonSet,
}
