using Operator.Hosting;

namespace Operator.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void Normalize_Flags_BecomeConfigurationKeys() =>
        Assert.Equal(
            ["--Operator:Kubernetes:Kubeconfig=/k", "--Operator:Kubernetes:Context=dev", "--Operator:Logging:Format=Text", "--Operator:Workers=3"],
            CommandLine.Normalize(["--kubeconfig", "/k", "--context", "dev", "--human-logs", "--Operator:Workers=3"]));

    [Fact]
    public void Normalize_InCluster_IsExplicit() =>
        Assert.Equal(["--Operator:Kubernetes:InCluster=true"], CommandLine.Normalize(["--in-cluster"]));

    [Fact]
    public void Normalize_KubeconfigWithoutValue_Throws() =>
        Assert.Throws<ArgumentException>(() => CommandLine.Normalize(["--kubeconfig"]));
}
