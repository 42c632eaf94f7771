using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Operator.Credentials.Secrets;

/// <summary>
/// The value restartOnRotation patches into pod templates (<see cref="RolloutRestarter.HashAnnotation"/>): an HMAC-SHA256 of
/// the Secret's data under a key only this process knows, so anyone who may read a Deployment learns nothing about the
/// Secret's data and cannot confirm a guess of it (a plain SHA-256 of the data could be checked against candidates).
/// </summary>
/// <remarks>
/// The key is random, drawn at process start, and never stored. A restarted operator therefore could not recompute the
/// value a template carries; it does not need to: the value is computed only when the operator writes new data, and is
/// kept with them in the Secret's <see cref="ManagedSecret.RolloutHashAnnotation"/>. Every later reconcile, in this process
/// or the next, compares templates with that stored value, so a restart rolls nothing; a workload rolls when the data it
/// reads were rewritten. The annotation is on the Secret, whose readers see the data anyway. A Secret written before this
/// annotation existed falls back to its <see cref="ManagedSecret.DataHashAnnotation"/>, the value its workloads' templates
/// already carry, until its next rotation.
/// </remarks>
internal static class RolloutHash
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The keyed hash of data whose <see cref="SecretDataHash"/> is <paramref name="dataHash"/>.</summary>
    public static string Compute(string dataHash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(s_key, Encoding.UTF8.GetBytes(dataHash)));

    /// <summary>The value stored with the Secret's data: its rollout-hash annotation, else (written before it) its data hash.</summary>
    public static string Of(V1Secret secret)
    {
        var annotations = secret.Metadata.Annotations;
        return annotations.TryGetValue(ManagedSecret.RolloutHashAnnotation, out var rollout) && !string.IsNullOrEmpty(rollout)
            ? rollout
            : annotations[ManagedSecret.DataHashAnnotation];
    }
}
