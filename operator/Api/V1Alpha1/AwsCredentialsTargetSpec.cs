using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>No exchange: the temporary AWS credentials, as env-var keys and a shared-credentials file.</summary>
public sealed record AwsCredentialsTargetSpec
{
    public const string DefaultProfile = "default";

    [JsonPropertyName("profile")]
    public string? Profile { get; init; }
}
