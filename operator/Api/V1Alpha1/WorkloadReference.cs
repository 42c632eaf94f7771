using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A workload in the same namespace that restartOnRotation rolls.</summary>
public sealed record WorkloadReference
{
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(LenientEnumConverter<WorkloadKind>))]
    public WorkloadKind Kind { get; init; }

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";
}
