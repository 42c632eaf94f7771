namespace Operator.Credentials.Identity.Gcp;

/// <summary>Where the operator reaches Google (bound from <c>Operator:Gcp</c>); overrides serve private endpoints and tests.</summary>
internal sealed class GcpOptions
{
    public static readonly Uri DefaultStsEndpoint = new("https://sts.googleapis.com/");
    public static readonly Uri DefaultIamCredentialsEndpoint = new("https://iamcredentials.googleapis.com/");

    /// <summary>Google STS's base URL; the exchange is POSTed to <c>{StsEndpoint}/v1/token</c>.</summary>
    public Uri? StsEndpoint { get; set; }

    /// <summary>IAM Credentials' base URL; calls go to <c>{IamCredentialsEndpoint}/v1/projects/-/serviceAccounts/…</c>.</summary>
    public Uri? IamCredentialsEndpoint { get; set; }

    /// <summary>How long one call to Google may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong with these options, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        foreach (var (key, url) in new[] { ("StsEndpoint", StsEndpoint), ("IamCredentialsEndpoint", IamCredentialsEndpoint) })
        {
            if (url is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
            {
                yield return $"{section}:{key} must be an absolute http(s) URL.";
            }
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{section}:Timeout must be positive and at most 5 minutes (got {Timeout}).";
        }
    }
}
