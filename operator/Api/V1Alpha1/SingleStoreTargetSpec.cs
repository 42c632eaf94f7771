using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>A SingleStore JWT from the IAM auth service, for a database or the management API.</summary>
public sealed record SingleStoreTargetSpec
{
    public const string DefaultServerUrl = "https://authsvc.singlestore.com";

    /// <summary>Null reads as <see cref="SingleStoreJwtKind.Database"/> (the schema default).</summary>
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(LenientEnumConverter<SingleStoreJwtKind>))]
    public SingleStoreJwtKind? Kind { get; init; }

    /// <summary>Required when the kind is database.</summary>
    [JsonPropertyName("workspaceGroupId")]
    public string? WorkspaceGroupId { get; init; }

    [JsonPropertyName("serverUrl")]
    public string? ServerUrl { get; init; }
}
