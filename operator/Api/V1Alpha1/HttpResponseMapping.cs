using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>Where an http target's JSON response holds the token, its expiry and further fields.</summary>
/// <remarks>Paths are dot-separated member names (`data.attributes.access_token`).</remarks>
public sealed record HttpResponseMapping
{
    public const string DefaultTokenKey = "token";

    [JsonPropertyName("tokenPath")]
    public string TokenPath { get; init; } = "";

    [JsonPropertyName("tokenKey")]
    public string? TokenKey { get; init; }

    /// <summary>An RFC 3339 time or Unix seconds; exactly one of this and <see cref="ExpiresInPath"/> is set.</summary>
    [JsonPropertyName("expiresAtPath")]
    public string? ExpiresAtPath { get; init; }

    /// <summary>Seconds from now.</summary>
    [JsonPropertyName("expiresInPath")]
    public string? ExpiresInPath { get; init; }

    [JsonPropertyName("extraKeys")]
    public IReadOnlyList<HttpExtraKey>? ExtraKeys { get; init; }
}
