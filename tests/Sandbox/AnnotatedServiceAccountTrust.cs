using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Testing.Clouds.Entra;
using Operator.Testing.Clouds.Sts;
using Operator.Testing.Harness;

namespace Sandbox;

/// <summary>
/// The cloud-side set-up a newcomer would otherwise have to do for each of their own ServiceAccounts, done by the
/// sandbox's emulators on the fly: a ServiceAccount of the emulated cluster that names a role
/// (<c>eks.amazonaws.com/role-arn</c>) is trusted by that role, as after <c>eksctl create iamserviceaccount</c>; one that
/// names a Google service account (<c>iam.gke.io/gcp-service-account</c>) may impersonate it through the sandbox's pool
/// provider; one that names an Entra app (<c>azure.workload.identity/client-id</c>, and <c>tenant-id</c> when given) has a
/// federated identity credential on it. Sandbox only: the tests' emulators trust exactly what each test sets up.
/// </summary>
/// <remarks>
/// Only the trust lookup is answered here, from the ServiceAccount as it is at the time of the call; each emulator still
/// verifies the token (signature by the cluster's keys, issuer, audience, lifetime) before asking.
/// </remarks>
internal sealed class AnnotatedServiceAccountTrust(IKubernetes client, Uri issuer)
{
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";
    public const string GcpServiceAccountAnnotation = "iam.gke.io/gcp-service-account";
    public const string AzureClientIdAnnotation = "azure.workload.identity/client-id";
    public const string AzureTenantIdAnnotation = "azure.workload.identity/tenant-id";

    private const string SubjectPrefix = "system:serviceaccount:";

    public static void Register(OperatorTestbed testbed)
    {
        var trust = new AnnotatedServiceAccountTrust(testbed.Client, testbed.ServiceAccountIssuer);
        testbed.Sts.AddTrustSource(trust.RoleAsync);
        testbed.IamCredentials.AddImpersonationSource(trust.ImpersonationAsync);
        testbed.Entra.AddCredentialSource(trust.FederatedCredentialsAsync);
    }

    /// <summary>AWS: the role named by the token's ServiceAccount trusts it (12 h sessions, the STS audience).</summary>
    public async ValueTask<RoleTrustPolicy?> RoleAsync(string roleArn, WebIdentity identity, CancellationToken cancellationToken)
    {
        var account = await ReadAsync(identity.Subject, cancellationToken);
        return Annotation(account, RoleArnAnnotation) == roleArn
            ? new RoleTrustPolicy(roleArn, issuer, [identity.Subject], [OperatorTestbed.Audience], TimeSpan.FromHours(12))
            : null;
    }

    /// <summary>GCP: the federated principal of a ServiceAccount in the sandbox's pool may impersonate the account it names.</summary>
    public async ValueTask<bool> ImpersonationAsync(string serviceAccount, Operator.Testing.Clouds.Gcp.FederatedToken caller, CancellationToken cancellationToken)
    {
        const string marker = "/subject/";
        var at = caller.Principal.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var subject = caller.Principal[(at + marker.Length)..];
        if (!TryParse(subject, out var ns, out var name) || OperatorTestbed.GcpPrincipal(ns, name) != caller.Principal)
        {
            return false;
        }

        var account = await ReadAsync(subject, cancellationToken);
        return string.Equals(Annotation(account, GcpServiceAccountAnnotation), serviceAccount, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Azure: a federated credential on the app for every ServiceAccount that names it (and its tenant, if it names one).</summary>
    public async ValueTask<IReadOnlyList<FederatedIdentityCredential>> FederatedCredentialsAsync(string tenant, string clientId,
        CancellationToken cancellationToken)
    {
        var accounts = await client.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: cancellationToken);
        return [.. accounts.Items
            .Where(a => string.Equals(Annotation(a, AzureClientIdAnnotation), clientId, StringComparison.OrdinalIgnoreCase)
                && (Annotation(a, AzureTenantIdAnnotation) is not { } named || string.Equals(named, tenant, StringComparison.OrdinalIgnoreCase)))
            .Select(a => FederatedIdentityCredential.ForServiceAccount(issuer, a.Metadata.NamespaceProperty, a.Metadata.Name))];
    }

    private async Task<V1ServiceAccount?> ReadAsync(string subject, CancellationToken cancellationToken)
    {
        if (!TryParse(subject, out var ns, out var name))
        {
            return null;
        }

        try
        {
            return await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool TryParse(string subject, out string ns, out string name)
    {
        (ns, name) = ("", "");
        var parts = subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) ? subject[SubjectPrefix.Length..].Split(':') : [];
        if (parts is not [{ Length: > 0 } n, { Length: > 0 } a])
        {
            return false;
        }

        (ns, name) = (n, a);
        return true;
    }

    private static string? Annotation(V1ServiceAccount? account, string key) =>
        account?.Metadata.Annotations?.TryGetValue(key, out var value) == true ? value : null;
}
