namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// Temporary AWS credentials from AssumeRoleWithWebIdentity; <see cref="AwsSessionCredentials"/> keeps the
/// secret parts out of <see cref="object.ToString"/>.
/// </summary>
internal sealed record AwsCloudIdentity(string Principal, AwsSessionCredentials Credentials, string? Region)
    : CloudIdentity(AwsIdentityProvider.ProviderName, Principal, Credentials.Expiration), IAwsCredentials
{
    public override IdentityCapabilities Capabilities => IdentityCapabilities.AwsCredentials;
}
