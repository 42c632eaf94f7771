namespace Operator.Credentials.Validation;

/// <summary>
/// What <c>spec.secret.labels</c> and <c>spec.secret.annotations</c> may hold, as the CRD says
/// (crds/delegatedcredentials.credentials.delegated.dev.yaml) and the validator and the Secret writer check again.
/// </summary>
/// <remarks>
/// Kubernetes' own bounds: a key is a qualified name (a DNS-1123 subdomain prefix of at most 253 characters, '/', a name of
/// at most 63); a label value at most 63 characters; all of an object's annotations together at most 256 KiB. Kubernetes has
/// no count limit; 32 entries of each keep the CRD's CEL rules over the keys cheap, and 32 annotation values of at most
/// 2048 characters stay near 74 KiB, leaving the rest of the 256 KiB to the operator's marks and to others.
/// The reserved prefixes (and their subdomains, but for app.kubernetes.io/) are those Kubernetes acts on (kubernetes.io/service-account.name turns a Secret of type
/// service-account-token into a long-lived token) and the operator's own marks.
/// </remarks>
internal static class SecretMetadataLimits
{
    public const int MaxEntries = 32;
    public const int MaxLabelValueLength = 63;
    public const int MaxAnnotationValueLength = 2048;
    private const int MaxPrefixLength = 253;
    private const string RecommendedLabelPrefix = "app.kubernetes.io/";

    private static readonly string[] s_reservedDomains = ["kubernetes.io", "k8s.io", "credentials.delegated.dev"];

    /// <summary>A qualified name: the CRD's pattern and a prefix of at most 253 characters.</summary>
    public static bool IsQualifiedName(string key) =>
        SpecPatterns.QualifiedName().IsMatch(key) && (key.IndexOf('/', StringComparison.Ordinal) is var slash && slash <= MaxPrefixLength);

    /// <summary>True when the key's prefix is a reserved domain or a subdomain of one (foo.kubernetes.io/, node.k8s.io/).</summary>
    public static bool IsReserved(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        // As the CRD's rule: "<domain>/" at the start or ".<domain>/" anywhere (a valid key has one '/'), except
        // app.kubernetes.io/, the prefix of Kubernetes' recommended labels (app.kubernetes.io/part-of), which Kubernetes
        // itself does not act on.
        return s_reservedDomains.Any(d => key.StartsWith(d + "/", StringComparison.OrdinalIgnoreCase)
            || key.Contains("." + d + "/", StringComparison.OrdinalIgnoreCase))
            && !key.StartsWith(RecommendedLabelPrefix, StringComparison.Ordinal);
    }
}
