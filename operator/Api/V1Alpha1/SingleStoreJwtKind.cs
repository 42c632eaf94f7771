using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>Which SingleStore JWT: `/auth/iam/database` or `/auth/iam/api`.</summary>
[JsonConverter(typeof(LenientEnumConverter<SingleStoreJwtKind>))]
public enum SingleStoreJwtKind
{
    /// <summary>A value this build does not know (a newer CRD's); the validator refuses it, naming the field.</summary>
    Unrecognized = -1,

    [JsonStringEnumMemberName("database")]
    Database,

    [JsonStringEnumMemberName("api")]
    Api,
}
