using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A generic login endpoint: a JSON request carrying the proof, a JSON response carrying the token.</summary>
public sealed record HttpTargetSpec
{
    public const string DefaultMethod = "POST";

    [JsonPropertyName("url")]
    public string Url { get; init; } = "";

    /// <summary>POST or PUT; null reads as POST.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    [JsonPropertyName("caBundle")]
    public CaBundleSource? CaBundle { get; init; }

    [JsonPropertyName("proof")]
    public HttpProof Proof { get; init; } = new();

    /// <summary>Plain-text string fields added to the request body; never secrets.</summary>
    [JsonPropertyName("staticFields")]
    public IReadOnlyDictionary<string, string>? StaticFields { get; init; }

    [JsonPropertyName("response")]
    public HttpResponseMapping Response { get; init; } = new();
}
