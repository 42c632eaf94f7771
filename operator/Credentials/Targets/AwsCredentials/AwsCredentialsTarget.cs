using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity.Aws;

namespace Operator.Credentials.Targets.AwsCredentials;

/// <summary>
/// No exchange beyond the cloud's: the role's temporary credentials go into the Secret as the SDKs'
/// environment variables (for <c>envFrom</c>) and as a shared-credentials file (for a mount with
/// <c>AWS_SHARED_CREDENTIALS_FILE</c>). They expire when STS says so.
/// </summary>
internal sealed class AwsCredentialsTarget : ICredentialTarget
{
    public const string AccessKeyIdKey = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenKey = "AWS_SESSION_TOKEN";
    public const string RegionKey = "AWS_REGION";
    public const string ExpirationKey = "expiration";
    public const string CredentialsFileKey = "credentials";

    public string Name => "awsCredentials";


    public Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var aws = context.Identity.Require<IAwsCredentials>();
        var data = new Dictionary<string, byte[]>
        {
            [AccessKeyIdKey] = SecretData.Text(aws.Credentials.AccessKeyId),
            [SecretAccessKeyKey] = SecretData.Text(aws.Credentials.SecretAccessKey),
            [SessionTokenKey] = SecretData.Text(aws.Credentials.SessionToken),
            [ExpirationKey] = SecretData.Time(aws.Credentials.Expiration),
            [CredentialsFileKey] = SecretData.Text(AwsSharedCredentialsFile.Render(aws.Credentials, aws.Region, Profile(context.Resource))),
        };
        if (aws.Region is { } region)
        {
            data[RegionKey] = SecretData.Text(region);
        }

        return Task.FromResult<Attempt<IssuedCredential>>(new IssuedCredential(data, aws.Credentials.Expiration, context.Identity.Principal));
    }

    private static string Profile(DelegatedCredential credential) =>
        credential.Spec.Target.AwsCredentials?.Profile is { Length: > 0 } profile ? profile : AwsCredentialsTargetSpec.DefaultProfile;

}
