using System.Diagnostics;
using k8s;

namespace Operator.IntegrationTests.Sandbox;

/// <summary>
/// `dotnet run --project tests/Sandbox -- cluster --kubeconfig FILE`: serves the emulated cluster alone, prints one
/// line when ready, writes a kubeconfig that clients accept, and stops cleanly on SIGTERM.
/// </summary>
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task Cluster_WritesAKubeconfigThatReachesTheCluster_AndStopsOnSigterm()
    {
        var directory = Directory.CreateTempSubdirectory("cluster-command-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        using var cluster = SandboxProgram.Start(RepositoryFiles.Path(), "cluster", "--kubeconfig", kubeconfig);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            var ready = await cluster.StandardOutput.ReadLineAsync(deadline.Token);

            Assert.StartsWith("cluster ready: https://127.0.0.1:", ready, StringComparison.Ordinal);
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(
                "delegatedcredentials.credentials.delegated.dev", cancellationToken: deadline.Token);
            Assert.Equal("dcred", Assert.Single(crd.Spec.Names.ShortNames));

            Process.Start("kill", ["-TERM", cluster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await cluster.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, cluster.ExitCode);
        }
        finally
        {
            if (!cluster.HasExited)
            {
                cluster.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }
}
