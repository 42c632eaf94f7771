using System.Text.RegularExpressions;

namespace Operator.Credentials.Validation;

/// <summary>
/// The CRD's string patterns (crds/), in .NET syntax with Go's meaning: <c>\z</c> for Go's <c>$</c> (which does not
/// match before a final newline), ASCII classes for <c>\w</c>.
/// </summary>
internal static partial class SpecPatterns
{
    /// <summary>A DNS-1123 subdomain: serviceAccountName, secret.name, workload and ConfigMap/Secret names.</summary>
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    public static partial Regex Dns1123Subdomain();

    /// <summary>A Go duration of hours, minutes and seconds in that order (ttl, refreshBefore).</summary>
    [GeneratedRegex(@"^([0-9]+h)?([0-9]+m)?([0-9]+s)?\z", RegexOptions.CultureInvariant)]
    public static partial Regex Duration();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex RoleArn();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex AwsRegion();

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex SessionName();

    [GeneratedRegex(@"^//iam\.googleapis\.com/projects/[0-9]+/locations/global/workloadIdentityPools/[a-z0-9-]+/providers/[a-z0-9-]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex WorkloadIdentityProvider();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.gserviceaccount\.com\z", RegexOptions.CultureInvariant)]
    public static partial Regex GoogleServiceAccountEmail();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Uuid();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex ProfileName();

    [GeneratedRegex(@"^[A-Za-z0-9-]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex WorkspaceGroupId();

    /// <summary>A ConfigMap or Secret data key.</summary>
    [GeneratedRegex(@"^[-._a-zA-Z0-9]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex DataKey();

    /// <summary>A dot-separated path in a JSON response.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\z", RegexOptions.CultureInvariant)]
    public static partial Regex ResponsePath();

    /// <summary>
    /// A label or annotation key (Kubernetes' qualified name): an optional DNS-1123 subdomain prefix and '/', then a name
    /// of at most 63 characters of [-A-Za-z0-9_.] that starts and ends alphanumeric. The prefix's 253 characters are
    /// counted apart.
    /// </summary>
    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    public static partial Regex QualifiedName();

    /// <summary>A label value: empty, or at most 63 characters of [-A-Za-z0-9_.] that start and end alphanumeric.</summary>
    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    public static partial Regex LabelValue();
}
