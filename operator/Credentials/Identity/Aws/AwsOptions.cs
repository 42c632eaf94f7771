namespace Operator.Credentials.Identity.Aws;

internal sealed class AwsOptions
{
    /// <summary>Replaces every STS endpoint (global and regional), e.g. a VPC endpoint, FIPS, or an emulator.</summary>
    public Uri? StsEndpoint { get; set; }
}
