using k8s;
using k8s.Models;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>Installing the CRD and the samples with kubectl, then reading them as a person would: get, explain, wait.</summary>
[Collection(KubectlCluster.Collection)]
public sealed class KubectlCustomResourceTests(KubectlCluster cluster)
{
    [Fact]
    public void ApplyCrds_CreatesTheDefinition()
    {
        var kubectl = cluster.Require();

        Assert.True(cluster.CrdApply!.ExitCode == 0, cluster.CrdApply.ToString());
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/delegatedcredentials.credentials.delegated.dev created", cluster.CrdApply.Output);
    }

    [Fact]
    public async Task ApplyKustomizedCrds_IsUnchanged()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("apply", "-k", RepositoryFiles.Path("crds"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/delegatedcredentials.credentials.delegated.dev unchanged", result.Output);
    }

    [Fact]
    public async Task WaitEstablished_ReportsConditionMet()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("wait", "--for=condition=Established", "crd/delegatedcredentials.credentials.delegated.dev", "--timeout=10s");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("condition met", result.Output);
    }

    [Fact]
    public void ApplySamples_CreatesEveryCredential()
    {
        var kubectl = cluster.Require();

        Assert.True(cluster.SampleApply!.ExitCode == 0, cluster.SampleApply.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev/app-aws created", cluster.SampleApply.Output);
        Assert.Contains("delegatedcredential.credentials.delegated.dev/datadog created", cluster.SampleApply.Output);
    }

    [Fact]
    public async Task GetDcred_PrintsThePrinterColumns()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("get", "dcred", "-n", "default");

        Assert.True(result.ExitCode == 0, result.ToString());
        var header = result.Output.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "PROVIDER", "TARGET", "READY", "EXPIRES", "REFRESH", "AGE"], header);
        Assert.Contains(result.Output.Split('\n'), line => line.StartsWith("app-aws ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetDcredAsYaml_ShowsTheStoredObject()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("get", "dcred", "app-aws", "-n", "default", "-o", "yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kind: DelegatedCredential", result.Output);
        Assert.Contains("serviceAccountName: app", result.Output);
        Assert.Contains("uid: ", result.Output);
    }

    [Fact]
    public async Task ExplainSpec_DescribesTheFields()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("explain", "dcred.spec");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("serviceAccountName", result.Output);
        Assert.Contains("provider", result.Output);
    }

    [Fact]
    public async Task ExplainNestedField_WalksIntoTheSchema()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("explain", "delegatedcredential.spec.provider.aws");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("roleArn", result.Output);
    }

    [Fact]
    public async Task WaitReady_ReturnsOnceStatusSaysReady()
    {
        var kubectl = cluster.Require();
        var waiting = kubectl.RunAsync("wait", "--for=condition=Ready", "dcred/app-aws", "-n", "default", "--timeout=20s");

        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Refreshed","message":"test","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""", V1Patch.PatchType.MergePatch),
            KubectlCluster.Group, KubectlCluster.Version, "default", KubectlCluster.Plural, "app-aws", cancellationToken: TestContext.Current.CancellationToken);
        var result = await waiting;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev/app-aws condition met", result.Output);
    }
}
