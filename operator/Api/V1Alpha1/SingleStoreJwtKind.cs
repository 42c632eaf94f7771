using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>Which SingleStore JWT: `/auth/iam/database` or `/auth/iam/api`.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SingleStoreJwtKind>))]
public enum SingleStoreJwtKind
{
    [JsonStringEnumMemberName("database")]
    Database,

    [JsonStringEnumMemberName("api")]
    Api,
}
