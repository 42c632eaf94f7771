using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A Google-signed ID token of the impersonated service account, for an audience.</summary>
public sealed record GcpIdTokenTargetSpec
{
    [JsonPropertyName("audience")]
    public string Audience { get; init; } = "";

    /// <summary>Null reads as true (the schema default).</summary>
    [JsonPropertyName("includeEmail")]
    public bool? IncludeEmail { get; init; }
}
