using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Operator.Credentials.Secrets;

/// <summary>
/// SHA-256 over a Secret's data, key by key in ordinal order. It detects hand edits and stays on the Secret, whose
/// readers see the data anyway. Pod templates, readable more widely, get the keyed <see cref="RolloutHash"/> instead.
/// </summary>
internal static class SecretDataHash
{
    /// <summary>
    /// The hash of the Secret's data: computed from the data when it has them, else the one <see cref="CachedSecret.Strip"/>
    /// kept when it removed them.
    /// </summary>
    public static string Of(V1Secret secret) =>
        CachedSecret.IsStripped(secret) ? secret.Metadata.Annotations[CachedSecret.DataHashMark] : Compute(secret.Data);

    public static string Compute(IDictionary<string, byte[]>? data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, value) in (data ?? new Dictionary<string, byte[]>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(key));
            hash.AppendData([0]);
            hash.AppendData(BitConverter.GetBytes(value?.Length ?? 0));
            hash.AppendData(value ?? []);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
