using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>
/// IRSA (the default): the ServiceAccount's token goes to STS AssumeRoleWithWebIdentity. EKS Pod Identity
/// (<see cref="Mode"/> <c>podIdentity</c>): it goes to EKS Auth AssumeRoleForPodIdentity, and the association decides the role.
/// </summary>
public sealed record AwsProviderSpec
{
    public const string DefaultAudience = "sts.amazonaws.com";

    /// <summary><see cref="AwsProviderModes.Irsa"/> or <see cref="AwsProviderModes.PodIdentity"/>; null means IRSA.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    /// <summary>Whether <see cref="Mode"/> selects EKS Pod Identity.</summary>
    [JsonIgnore]
    public bool IsPodIdentity => Mode == AwsProviderModes.PodIdentity;

    /// <summary>Null means: the ServiceAccount's eks.amazonaws.com/role-arn annotation.</summary>
    [JsonPropertyName("roleArn")]
    public string? RoleArn { get; init; }

    /// <summary>Null means the global endpoint sts.amazonaws.com.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; init; }

    [JsonPropertyName("audience")]
    public string? Audience { get; init; }

    [JsonPropertyName("sessionName")]
    public string? SessionName { get; init; }

    [JsonPropertyName("stsEndpoint")]
    public string? StsEndpoint { get; init; }
}
