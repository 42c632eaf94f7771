using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;

namespace Operator.Credentials.Targets.SingleStore;

/// <summary>
/// GCP: <c>Authorization: Bearer</c> with a Google ID token of the impersonated service account (with its email) for
/// the audience <c>https://authsvc.singlestore.com</c>; SingleStore verifies it against Google's keys and takes the
/// verified email as the identity (docs/protocols.md §2.2, §2.3).
/// </summary>
/// <remarks>
/// The audience is the production service's URL whatever <c>serverUrl</c> says: the clients' default (Go's
/// <c>WithGCPAudience</c>) and the server's default allowed audience are that fixed value, not the address the request
/// goes to.
/// </remarks>
internal sealed class GcpSingleStoreIdentityProof : ISingleStoreIdentityProof
{
    public const string Audience = SingleStoreTargetSpec.DefaultServerUrl;

    public bool Accepts(CloudIdentity identity) =>
        identity.Capabilities.HasFlag(IdentityCapabilities.GoogleIdToken) && identity is IIdTokenSource;

    public async Task<Attempt<IReadOnlyList<KeyValuePair<string, string>>>> HeadersAsync(
        TargetContext context, Uri serverUrl, CancellationToken cancellationToken)
    {
        var token = await context.Identity.Require<IIdTokenSource>().GetIdTokenAsync(Audience, TimeSpan.FromHours(1), cancellationToken);
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        IReadOnlyList<KeyValuePair<string, string>> headers = [new("Authorization", "Bearer " + token.Value!.Token)];
        return new Attempt<IReadOnlyList<KeyValuePair<string, string>>>(headers, null);
    }
}
