using Operator.Hosting;

namespace Operator.Tests.Hosting;

public sealed class KubernetesClientFactoryTests
{
    [Fact]
    public void CreateConfiguration_NoKubeconfigFile_FailsInsteadOfFallingBackToLocalhost()
    {
        var options = new KubernetesConnectionOptions { Kubeconfig = "/nonexistent/kubeconfig" };

        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.CreateConfiguration(options));

        Assert.Contains("--in-cluster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateConfiguration_InClusterOutsideAPod_Fails()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null, "running inside a pod");

        var error = Assert.Throws<InvalidOperationException>(() =>
            KubernetesClientFactory.CreateConfiguration(new KubernetesConnectionOptions { InCluster = true }));

        Assert.Contains("does not run in a pod", error.Message, StringComparison.Ordinal);
    }
}
