using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;

namespace Operator.Credentials.Targets.SingleStore;

/// <summary>
/// AWS: the raw temporary credentials, secret key included, in three headers; SingleStore calls STS
/// GetCallerIdentity with them and takes the ARN as the identity (docs/protocols.md §2.2, §2.3).
/// </summary>
internal sealed class AwsSingleStoreIdentityProof : ISingleStoreIdentityProof
{
    public const string AccessKeyIdHeader = "X-AWS-Access-Key-ID";
    public const string SecretAccessKeyHeader = "X-AWS-Secret-Access-Key";
    public const string SessionTokenHeader = "X-AWS-Session-Token";

    public bool Accepts(CloudIdentity identity) => identity is IAwsCredentials;

    public Task<Attempt<IReadOnlyList<KeyValuePair<string, string>>>> HeadersAsync(
        TargetContext context, Uri serverUrl, CancellationToken cancellationToken)
    {
        var credentials = context.Identity.Require<IAwsCredentials>().Credentials;
        IReadOnlyList<KeyValuePair<string, string>> headers =
        [
            new(AccessKeyIdHeader, credentials.AccessKeyId),
            new(SecretAccessKeyHeader, credentials.SecretAccessKey),
            new(SessionTokenHeader, credentials.SessionToken),
        ];
        return Task.FromResult<Attempt<IReadOnlyList<KeyValuePair<string, string>>>>(new Attempt<IReadOnlyList<KeyValuePair<string, string>>>(headers, null));
    }
}
