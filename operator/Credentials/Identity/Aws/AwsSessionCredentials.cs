namespace Operator.Credentials.Identity.Aws;

/// <summary>Temporary AWS credentials and when they stop working.</summary>
internal sealed record AwsSessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <summary>Names the key id only: the secret and the token must never reach a log or a message.</summary>
    public override string ToString() => $"AwsSessionCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}
