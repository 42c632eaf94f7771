using k8s.Models;
using Operator.Runtime;

namespace Operator.Credentials.Secrets;

/// <summary>
/// How a Secret is kept in memory (the Secret informer's transform, also applied to a Secret read by GET or returned by a
/// write): without its data, which the operator never reads back, only hashes. The SHA-256 of the data
/// (<see cref="SecretDataHash"/>) is kept in the cache-only annotation <see cref="DataHashMark"/>, which is what
/// <see cref="ManagedSecret.Read"/> (is the data intact?) and <see cref="SecretWriter.Matches"/> (is it what we would write?)
/// compare. managedFields go too. The copy is for reading only: <see cref="SecretWriter"/> writes the desired data, never
/// this copy's (it has none), and drops the mark.
/// </summary>
internal static class CachedSecret
{
    /// <summary>
    /// The data's hash, as computed here from the data the server sent. Always overwritten, so a value someone put on the
    /// Secret under this name is never believed; under the operator's reserved prefix, so no spec can ask for it.
    /// </summary>
    public const string DataHashMark = "cache.credentials.delegated.dev/data-sha256";

    /// <summary>The Secret without data or managedFields, its data's hash in <see cref="DataHashMark"/>. Only for a Secret fresh from the server.</summary>
    public static V1Secret Strip(V1Secret secret)
    {
        var hash = SecretDataHash.Compute(secret.Data);
        var metadata = ObjectTransforms.StripManagedFields(secret).Metadata ?? new V1ObjectMeta();
        metadata.Annotations = new Dictionary<string, string>(metadata.Annotations ?? new Dictionary<string, string>())
        {
            [DataHashMark] = hash,
        };
        return new V1Secret
        {
            ApiVersion = secret.ApiVersion,
            Kind = secret.Kind,
            Metadata = metadata,
            Type = secret.Type,
            Immutable = secret.Immutable,
        };
    }

    /// <summary>True for a copy made by <see cref="Strip"/>: it has no data, only their hash.</summary>
    public static bool IsStripped(V1Secret secret) =>
        secret.Data is null && secret.Metadata?.Annotations?.ContainsKey(DataHashMark) == true;
}
