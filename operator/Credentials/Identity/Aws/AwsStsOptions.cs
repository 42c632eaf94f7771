namespace Operator.Credentials.Identity.Aws;

/// <summary>How the operator reaches STS.</summary>
internal sealed class AwsStsOptions
{
    /// <summary>
    /// Overrides the endpoint (private VPC endpoints, FIPS, emulators). Unset: <c>https://sts.{region}.amazonaws.com</c>
    /// when the resource names a region, the global <c>https://sts.amazonaws.com</c> otherwise.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// Builds the HTTP handler the SDK sends through, e.g. one that trusts a private CA in front of a private
    /// endpoint. Unset: the SDK's own.
    /// </summary>
    public Func<HttpMessageHandler>? CreateHttpHandler { get; set; }

    /// <summary>How long one call may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
