using System.Diagnostics;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Testing.Builders;
using Operator.Testing.Harness;

namespace Operator.Benchmarks.Fleet;

/// <summary>
/// The fleet's objects: per credential <c>fleet-NNNNN</c>, a ServiceAccount annotated for IRSA that consents to
/// exactly that credential, an IAM role in the STS emulator trusting exactly that ServiceAccount, and the
/// DelegatedCredential (aws IRSA to awsCredentials, samples/minimal.yaml's shape), spread round-robin over
/// namespaces <c>fleet-NN</c>.
/// </summary>
internal static class FleetCluster
{
    private const int ConcurrentCreates = 16;

    public static string Namespace(int i, int namespaces) => $"fleet-{i % namespaces:D2}";

    public static string Name(int i) => $"fleet-{i:D5}";

    public static async Task CreateNamespacesAsync(OperatorTestbed testbed, int namespaces)
    {
        for (var i = 0; i < namespaces; i++)
        {
            await testbed.EnsureNamespaceAsync(Namespace(i, namespaces));
        }
    }

    /// <summary>Creates every object with <see cref="ConcurrentCreates"/> requests in flight; returns how long it took.</summary>
    public static async Task<TimeSpan> CreateAsync(OperatorTestbed testbed, int credentials, int namespaces, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, credentials),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentCreates, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var (ns, name) = (Namespace(i, namespaces), Name(i));
                testbed.TrustRole(name, ns, name);
                var roleArn = $"arn:aws:iam::{testbed.Sts.Account}:role/{name}";
                await testbed.Client.CreateAsync(ServiceAccounts.Irsa(name, ns, roleArn, allowedCredentials: name), ct);
                await testbed.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Objects.ToCreate(ns, name, name),
                    DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns, DelegatedCredential.Plural, cancellationToken: ct);
            });
        return clock.Elapsed;
    }
}
