using k8s;

namespace Operator.E2E;

/// <summary>The CRD installs on a real cluster and kube-apiserver (with its real CEL engine) admits every sample.</summary>
[Collection(nameof(E2ECollection))]
public sealed class SampleAdmissionTests(E2ECluster cluster)
{
    public static TheoryData<string> Samples =>
    [
        .. Directory.EnumerateFiles(RepositoryFiles.Path("samples"), "*.yaml")
            .Select(f => "samples/" + Path.GetFileName(f)).Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Crd_IsEstablished_AndServesItsResource()
    {
        cluster.SkipUnlessRunning();

        var resources = await cluster.Client.CustomObjects.GetAPIResourcesAsync("credentials.delegated.dev", "v1alpha1");

        Assert.Contains(resources.Resources, r => r.Name == "delegatedcredentials" && r.Kind == "DelegatedCredential" && r.Namespaced);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_IsAdmittedByTheRealApiServer(string sample)
    {
        cluster.SkipUnlessRunning();
        var obj = DryRunAdmission.Sample(sample);
        await cluster.EnsureNamespaceAsync((string)obj["metadata"]!["namespace"]!);

        var refusal = await DryRunAdmission.CreateAsync(cluster.Client, obj);

        Assert.True(refusal is null, $"{sample}: {DryRunAdmission.Describe(refusal)}");
    }
}
