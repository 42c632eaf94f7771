namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// A SigV4-signed STS <c>GetCallerIdentity</c> request that is handed to another service as proof of identity
/// (Datadog's delegated token, Vault's iam login) instead of being sent. <see cref="Headers"/> holds every
/// signed header under the spelling the proof uses, plus <c>Authorization</c>; it carries the session token and
/// the signature, so <see cref="ToString"/> shows neither.
/// </summary>
internal sealed record SignedCallerIdentity(StsEndpoint Endpoint, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const string Method = "POST";

    public const string GetCallerIdentityBody = "Action=GetCallerIdentity&Version=2011-06-15";

    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    public override string ToString() => $"SignedCallerIdentity {{ {Method} {Endpoint.Url}, Headers = [{string.Join(", ", Headers.Select(h => h.Key))}] }}";
}
