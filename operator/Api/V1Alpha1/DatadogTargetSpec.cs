using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A Datadog delegated API token, from a signed STS GetCallerIdentity proof.</summary>
public sealed record DatadogTargetSpec
{
    public const string DefaultSite = "datadoghq.com";

    /// <summary>One of the sites the CRD lists (datadoghq.com, us3.datadoghq.com, datadoghq.eu, ...).</summary>
    [JsonPropertyName("site")]
    public string? Site { get; init; }

    [JsonPropertyName("orgUuid")]
    public string OrgUuid { get; init; } = "";

    /// <summary>Replaces `https://api.{site}` when set.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}
