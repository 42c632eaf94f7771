using System.Text.Json.Serialization;

namespace Operator.Api.V1Alpha1;

/// <summary>The request body's field names for each part of the proof; null means the default named here (the aws-login names for awsCredentials, Vault's for awsSignedCallerIdentity).</summary>
public sealed record HttpProofFieldNames
{
    public const string DefaultAccessKeyId = "aws_access_key_id";
    public const string DefaultSecretAccessKey = "aws_secret_access_key";
    public const string DefaultSessionToken = "aws_session_token";
    public const string DefaultRequestMethod = "iam_http_request_method";
    public const string DefaultRequestUrl = "iam_request_url";
    public const string DefaultRequestBody = "iam_request_body";
    public const string DefaultRequestHeaders = "iam_request_headers";

    [JsonPropertyName("accessKeyId")]
    public string? AccessKeyId { get; init; }

    [JsonPropertyName("secretAccessKey")]
    public string? SecretAccessKey { get; init; }

    [JsonPropertyName("sessionToken")]
    public string? SessionToken { get; init; }

    [JsonPropertyName("requestMethod")]
    public string? RequestMethod { get; init; }

    [JsonPropertyName("requestUrl")]
    public string? RequestUrl { get; init; }

    [JsonPropertyName("requestBody")]
    public string? RequestBody { get; init; }

    [JsonPropertyName("requestHeaders")]
    public string? RequestHeaders { get; init; }

    /// <summary>
    /// kind serviceAccountToken: the token always goes in <c>Authorization: Bearer</c>; when this is set it is also
    /// sent as this body field. No default.
    /// </summary>
    [JsonPropertyName("token")]
    public string? Token { get; init; }
}
