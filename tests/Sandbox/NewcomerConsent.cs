using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Sandbox;

/// <summary>
/// The operator uses a ServiceAccount only for the DelegatedCredentials its <see cref="Annotation"/> names
/// (operator/Credentials/Identity/Kubernetes/ServiceAccountConsent.cs). In the sandbox a newcomer's first object should not
/// stop at that: a DelegatedCredential whose ServiceAccount carries no such annotation gets it added, naming the
/// credential, with a line saying so (a real cluster needs it written by whoever owns the ServiceAccount). A consent the
/// user wrote is never changed; only annotations added here grow with later credentials.
/// </summary>
internal sealed class NewcomerConsent(IKubernetes client, TextWriter output)
{
    public const string Annotation = "credentials.delegated.dev/allowed-credentials";

    // A poll rather than a watch: the sandbox holds a handful of objects, and a second late is fine for a demo.
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    private readonly HashSet<(string Namespace, string Name)> _added = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await GrantAsync(cancellationToken);
                await Task.Delay(s_interval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                // The next round tries again (a ServiceAccount edited meanwhile: 409).
            }
        }
    }

    /// <summary>One round: every credential whose ServiceAccount exists and has no consent of the user's own.</summary>
    public async Task GrantAsync(CancellationToken cancellationToken)
    {
        var credentials = await client.CustomObjects.ListClusterCustomObjectAsync<DelegatedCredentialList>(
            DelegatedCredential.ApiGroup, DelegatedCredential.Version, DelegatedCredential.Plural, cancellationToken: cancellationToken);
        var accounts = (await client.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: cancellationToken)).Items
            .ToDictionary(a => (a.Metadata.NamespaceProperty, a.Metadata.Name));
        foreach (var wanted in credentials.Items.GroupBy(c => (c.Metadata.NamespaceProperty, c.Spec.ServiceAccountName)))
        {
            if (!accounts.TryGetValue(wanted.Key, out var account))
            {
                continue;
            }

            var current = account.Metadata.Annotations?.TryGetValue(Annotation, out var given) == true ? given : null;
            if (current is not null && !_added.Contains(wanted.Key))
            {
                continue;
            }

            var names = (current ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            var missing = wanted.Select(c => c.Metadata.Name).Where(n => !names.Contains(n) && !names.Contains("*")).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var value = string.Join(",", names.Concat(missing));
            var patch = new V1Patch(new { metadata = new { annotations = new Dictionary<string, string> { [Annotation] = value } } }, V1Patch.PatchType.MergePatch);
            await client.CoreV1.PatchNamespacedServiceAccountAsync(patch, wanted.Key.Item2, wanted.Key.Item1, cancellationToken: cancellationToken);
            _added.Add(wanted.Key);
            await output.WriteLineAsync($"sandbox: ServiceAccount {wanted.Key.Item1}/{wanted.Key.Item2} had no {Annotation} for " +
                $"{string.Join(", ", missing)}; added {Annotation}={value} (on a real cluster its owner adds it, see docs/security.md)");
        }
    }
}
