using k8s;
using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

/// <summary>docs/behaviour.md §7: no secret value in logs, statuses or events. Failures never print the offending text.</summary>
internal static class NoSecretsLogged
{
    public static void Assert(OperatorTestbed testbed)
    {
        var leaks = testbed.LogLinesWithSecrets().Count;
        Xunit.Assert.True(leaks == 0, $"{leaks} captured log line(s) contain a secret value (not shown here on purpose).");
        Xunit.Assert.NotEmpty(testbed.Logs.Lines);
    }

    /// <summary>Every DelegatedCredential's status and every Event in the cluster, scanned for issued secrets.</summary>
    public static async Task AssertApiObjectsCleanAsync(OperatorTestbed testbed)
    {
        var secrets = testbed.IssuedSecrets();
        var credentials = await testbed.Client.CustomObjects.ListClusterCustomObjectAsync<DelegatedCredentialList>(
            DelegatedCredential.ApiGroup, DelegatedCredential.Version, DelegatedCredential.Plural);
        var events = await testbed.Client.CoreV1.ListEventForAllNamespacesAsync();
        var texts = credentials.Items.Select(c => KubernetesJson.Serialize(c.Status))
            .Concat(events.Items.Select(e => e.Message ?? ""))
            .ToList();

        Xunit.Assert.NotEmpty(secrets);
        var leaks = texts.Count(t => secrets.Any(s => t.Contains(s, StringComparison.Ordinal)) || t.Contains("eyJ", StringComparison.Ordinal));
        Xunit.Assert.True(leaks == 0, $"{leaks} status(es) or event(s) contain a secret value (not shown here on purpose).");
    }
}
