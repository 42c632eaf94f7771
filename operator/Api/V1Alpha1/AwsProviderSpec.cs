using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>IRSA: the ServiceAccount's token goes to STS AssumeRoleWithWebIdentity.</summary>
public sealed record AwsProviderSpec
{
    public const string DefaultAudience = "sts.amazonaws.com";

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
