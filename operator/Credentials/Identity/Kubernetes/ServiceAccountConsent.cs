using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>
/// The ServiceAccount's side of the bargain (docs/security.md): being allowed to create a DelegatedCredential is not
/// enough to borrow a ServiceAccount; the ServiceAccount names the DelegatedCredentials that may use it in the annotation
/// <see cref="Annotation"/> (comma-separated names, or <c>*</c> for every one in its namespace). Whoever may edit the
/// ServiceAccount already controls what runs as it, so the consent is theirs to give. Checked at every reconcile from the
/// ServiceAccount informer's cache, before any call: revoking it stops refreshes at the next reconcile, which the
/// ServiceAccount's watch event triggers.
/// </summary>
internal sealed class ServiceAccountConsent(bool required)
{
    public const string Annotation = "credentials.delegated.dev/allowed-credentials";

    /// <summary>Consent required (the default); false only where the admission policy alone guards (Operator:RequireServiceAccountConsent).</summary>
    public bool Required { get; } = required;

    /// <summary>Null when <paramref name="serviceAccount"/> allows <paramref name="credential"/>, else the NotPermitted failure.</summary>
    public ExchangeFailure? Check(DelegatedCredential credential, V1ServiceAccount serviceAccount)
    {
        if (!Required)
        {
            return null;
        }

        var (ns, name) = (credential.Metadata.NamespaceProperty, credential.Metadata.Name);
        var account = $"ServiceAccount {ns}/{credential.Spec.ServiceAccountName}";
        if (serviceAccount.Metadata.Annotations?.TryGetValue(Annotation, out var allowed) != true || allowed is null)
        {
            // The fix as a command to paste: whoever owns the ServiceAccount gives the consent.
            return ExchangeFailure.NotPermitted(
                $"{account} has no annotation {Annotation}; to let this DelegatedCredential use it, run: " +
                $"kubectl -n {ns} annotate serviceaccount {credential.Spec.ServiceAccountName} {Annotation}={name} (comma-separated names, or \"*\" for all).");
        }

        return Allows(allowed, name)
            ? null
            : ExchangeFailure.NotPermitted(
                $"{account} does not allow this DelegatedCredential: its annotation {Annotation} does not name \"{name}\"; " +
                $"add it with: kubectl -n {ns} annotate --overwrite serviceaccount {credential.Spec.ServiceAccountName} {Annotation}=<its current names>,{name}");
    }

    /// <summary>Whether the annotation's value names <paramref name="credentialName"/>: exact names (spaces around them ignored) or <c>*</c>.</summary>
    internal static bool Allows(string annotationValue, string credentialName) =>
        annotationValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(entry => entry == "*" || string.Equals(entry, credentialName, StringComparison.Ordinal));
}
