using Operator.Credentials.Identity;

namespace Operator.Credentials.Targets.SingleStore;

/// <summary>
/// How one cloud's identity is proven to SingleStore's auth service (docs/protocols.md §2.2): AWS sends its temporary
/// credentials as headers, GCP a Google ID token, Azure an Entra access token. One implementation per provider,
/// registered beside the provider, so a new cloud never changes <see cref="SingleStoreTarget"/>.
/// </summary>
internal interface ISingleStoreIdentityProof
{
    bool Accepts(CloudIdentity identity);

    /// <summary>The identity headers for one request to <paramref name="serverUrl"/> (the audience GCP tokens need).</summary>
    Task<Attempt<IReadOnlyList<KeyValuePair<string, string>>>> HeadersAsync(
        TargetContext context, Uri serverUrl, CancellationToken cancellationToken);
}
