using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>What an http target sends as proof of identity.</summary>
[JsonConverter(typeof(LenientEnumConverter<HttpProofKind>))]
public enum HttpProofKind
{
    /// <summary>A value this build does not know (a newer CRD's); the validator refuses it, naming the field.</summary>
    Unrecognized = -1,

    /// <summary>The temporary AWS credentials themselves, secret key included.</summary>
    [JsonStringEnumMemberName("awsCredentials")]
    AwsCredentials,

    /// <summary>A SigV4-signed STS GetCallerIdentity request the endpoint replays (Vault's iam login).</summary>
    [JsonStringEnumMemberName("awsSignedCallerIdentity")]
    AwsSignedCallerIdentity,

    /// <summary>A TokenRequest token of the ServiceAccount; needs no cloud provider.</summary>
    [JsonStringEnumMemberName("serviceAccountToken")]
    ServiceAccountToken,
}
