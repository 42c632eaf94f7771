using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>How an http target proves the identity in its request body.</summary>
public sealed record HttpProof
{
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(LenientEnumConverter<HttpProofKind>))]
    public HttpProofKind Kind { get; init; }

    /// <summary>The ServiceAccount token's audience; only for <see cref="HttpProofKind.ServiceAccountToken"/>.</summary>
    [JsonPropertyName("audience")]
    public string? Audience { get; init; }

    /// <summary>Extra headers signed into the GetCallerIdentity request; only for <see cref="HttpProofKind.AwsSignedCallerIdentity"/>.</summary>
    [JsonPropertyName("signedHeaders")]
    public IReadOnlyDictionary<string, string>? SignedHeaders { get; init; }

    [JsonPropertyName("fieldNames")]
    public HttpProofFieldNames? FieldNames { get; init; }
}
