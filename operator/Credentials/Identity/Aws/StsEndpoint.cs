namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// The one place the STS host is worked out: the global <c>sts.amazonaws.com</c> (signed for us-east-1) when no
/// region is given, else <c>sts.{region}.amazonaws.com</c>. AssumeRoleWithWebIdentity goes there unless an endpoint
/// is configured; a signed GetCallerIdentity always names it (the operator never sends that request: the service it
/// is handed to replays it there, so it is the real AWS host even in tests).
/// </summary>
internal sealed record StsEndpoint(string Host, string SigningRegion)
{
    public static readonly StsEndpoint Global = new("sts.amazonaws.com", "us-east-1");

    public static StsEndpoint For(string? region) =>
        string.IsNullOrEmpty(region) ? Global : new StsEndpoint($"sts.{region}.amazonaws.com", region);

    /// <summary><c>https://{host}</c>, without a trailing slash.</summary>
    public string Url => $"https://{Host}";
}
