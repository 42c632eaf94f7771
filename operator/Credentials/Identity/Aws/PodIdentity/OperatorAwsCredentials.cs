using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Operator.Credentials.Identity.Aws.PodIdentity;

/// <summary>
/// The operator's own AWS identity, which signs the EKS Auth calls: a profile of a shared-credentials file when one is
/// configured (<see cref="PodIdentityOptions.CredentialsFile"/>), else the AWS SDK's default credential chain. Resolved
/// by the SDK (which also refreshes temporary credentials), never logged.
/// </summary>
/// <remarks>
/// The default chain reaches the operator pod's own credential source (its IRSA token file, the Pod Identity agent,
/// the instance metadata service) with the SDK's own HTTP client, not through the host policy: those are the platform's
/// fixed endpoints for the operator itself, never a URL a DelegatedCredential names.
/// </remarks>
internal sealed class OperatorAwsCredentials(PodIdentityOptions options)
{
    private readonly Lazy<AWSCredentials> _credentials = new(() => Load(options));

    public async Task<ImmutableCredentials> GetAsync() => await _credentials.Value.GetCredentialsAsync();

    private static AWSCredentials Load(PodIdentityOptions options)
    {
        if (string.IsNullOrEmpty(options.CredentialsFile))
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }

        var profileName = string.IsNullOrEmpty(options.Profile) ? "default" : options.Profile;
        var file = new SharedCredentialsFile(options.CredentialsFile);
        return file.TryGetProfile(profileName, out var profile) && AWSCredentialsFactory.TryGetAWSCredentials(profile, file, out var credentials)
            ? credentials
            : throw new InvalidOperationException(
                $"Operator:Aws:PodIdentity:CredentialsFile '{options.CredentialsFile}' has no usable profile '{profileName}'.");
    }
}
