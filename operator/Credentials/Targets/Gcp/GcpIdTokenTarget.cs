using Operator.Credentials.Identity.Gcp;

namespace Operator.Credentials.Targets.Gcp;

/// <summary>
/// A Google-signed ID token of the impersonated service account for the spec's audience (IAM Credentials
/// <c>generateIdToken</c>, docs/protocols.md §4.2); Google sets its lifetime, read from its <c>exp</c>.
/// Secret keys: <c>token</c>, <c>expiration</c>.
/// </summary>
internal sealed class GcpIdTokenTarget : ICredentialTarget
{
    public const string TokenKey = "token";
    public const string ExpirationKey = "expiration";

    public string Name => "gcpIdToken";

    public async Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken)
    {
        var spec = context.Resource.Spec.Target.GcpIdToken!;
        if (string.IsNullOrEmpty(spec.Audience))
        {
            return ExchangeFailure.InvalidSpec("spec.target.gcpIdToken.audience is required.");
        }

        // includeEmail is a Google-only choice, so this target asks the Google identity itself rather than IIdTokenSource.
        var token = await context.Identity.Require<GcpCloudIdentity>().GetIdTokenAsync(spec.Audience, spec.IncludeEmail ?? true, cancellationToken);
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        var data = new Dictionary<string, byte[]>
        {
            [TokenKey] = SecretData.Text(token.Value!.Token),
            [ExpirationKey] = SecretData.Time(token.Value.ExpiresAt),
        };
        return new IssuedCredential(data, token.Value.ExpiresAt, context.Identity.Principal);
    }
}
