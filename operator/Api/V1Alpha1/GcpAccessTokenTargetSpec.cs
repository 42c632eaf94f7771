using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A Google OAuth 2.0 access token, of the impersonated service account when there is one.</summary>
public sealed record GcpAccessTokenTargetSpec
{
    public const string DefaultScope = "https://www.googleapis.com/auth/cloud-platform";

    [JsonPropertyName("scopes")]
    public IReadOnlyList<string>? Scopes { get; init; }
}
