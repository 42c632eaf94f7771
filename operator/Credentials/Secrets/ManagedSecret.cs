using System.Globalization;
using k8s.Models;

namespace Operator.Credentials.Secrets;

/// <summary>
/// The marks the operator leaves on a Secret it manages, and what they say about the credential inside.
/// The annotations are the credential's memory across restarts: a Secret whose marks show a valid
/// credential for the current spec hash is not re-issued.
/// </summary>
internal static class ManagedSecret
{
    public const string ManagedByLabel = "credentials.delegated.dev/managed-by";
    public const string ManagedByValue = "delegated-credentials-operator";
    public const string SpecHashAnnotation = "credentials.delegated.dev/spec-hash";
    public const string DataHashAnnotation = "credentials.delegated.dev/data-hash";
    public const string IssuedAtAnnotation = "credentials.delegated.dev/issued-at";
    public const string ExpiresAtAnnotation = "credentials.delegated.dev/expires-at";
    public const string RefreshAtAnnotation = "credentials.delegated.dev/refresh-at";
    public const string IdentityAnnotation = "credentials.delegated.dev/identity";

    /// <summary>
    /// The keyed hash of the data that restartOnRotation puts into pod templates (Secrets/RolloutHash), stored here when
    /// the data are written so that later reconciles, and a restarted operator with another key, reuse it.
    /// </summary>
    public const string RolloutHashAnnotation = "credentials.delegated.dev/rollout-hash";

    /// <summary>The label and annotations the operator itself sets; the only keys under its prefix a Secret it writes may carry.</summary>
    public static bool IsOwnMark(string key) => key is ManagedByLabel or SpecHashAnnotation or DataHashAnnotation or IssuedAtAnnotation
        or ExpiresAtAnnotation or RefreshAtAnnotation or IdentityAnnotation or RolloutHashAnnotation;

    /// <summary>The label selector of the Secret informer: only managed Secrets are cached.</summary>
    public const string Selector = ManagedByLabel + "=" + ManagedByValue;

    /// <summary>Reads the marks; null when they are missing or unreadable (then the Secret is re-issued).</summary>
    public static ManagedSecretState? Read(V1Secret secret)
    {
        var annotations = secret.Metadata?.Annotations;
        if (annotations is null
            || !annotations.TryGetValue(SpecHashAnnotation, out var specHash)
            || !annotations.TryGetValue(DataHashAnnotation, out var dataHash)
            || !TryTime(annotations, IssuedAtAnnotation, out var issuedAt)
            || !TryTime(annotations, ExpiresAtAnnotation, out var expiresAt)
            || !TryTime(annotations, RefreshAtAnnotation, out var refreshAt))
        {
            return null;
        }

        annotations.TryGetValue(IdentityAnnotation, out var identity);
        var intact = string.Equals(dataHash, SecretDataHash.Of(secret), StringComparison.Ordinal);
        return new ManagedSecretState(specHash, issuedAt, expiresAt, refreshAt, identity ?? "", intact);
    }

    /// <summary>
    /// The precision the Secret's annotations keep. Status times are cut to it too, so the status written when a
    /// credential is issued equals the one rebuilt from the Secret later, and a no-op reconcile writes nothing.
    /// </summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static bool TryTime(IDictionary<string, string> annotations, string key, out DateTimeOffset time)
    {
        time = default;
        return annotations.TryGetValue(key, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
