using System.Text.Json.Nodes;
using Operator.Testing.Harness;

namespace Operator.E2E;

/// <summary>
/// The real kube-apiserver refuses each invalid object with a 422 whose causes name the field to fix, so the
/// CRD's schema and CEL rules behave on a cluster as the in-process checks say they do.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class InvalidObjectTests(E2ECluster cluster)
{
    public static TheoryData<string> Cases => [.. InvalidDelegatedCredentials.All.Keys];

    [Fact]
    public async Task ObjectWithoutSpec_IsRejectedWith422_AtSpec()
    {
        cluster.SkipUnlessRunning();
        var obj = DryRunAdmission.Sample("samples/minimal.yaml");
        obj.Remove("spec");

        var refusal = await DryRunAdmission.CreateAsync(cluster.Client, obj);

        Assert.Equal(422, refusal?.Code);
        Assert.True(refusal!.Details?.Causes?.Any(c => c.Field == "spec") == true, $"expected a cause at spec; got {DryRunAdmission.Describe(refusal)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvalidObject_IsRejectedWith422_NamingTheField(string name)
    {
        cluster.SkipUnlessRunning();
        var (sample, mutate, field) = InvalidDelegatedCredentials.All[name];
        var obj = DryRunAdmission.Sample(sample);
        await cluster.EnsureNamespaceAsync((string)obj["metadata"]!["namespace"]!);
        mutate((JsonObject)obj["spec"]!);

        var refusal = await DryRunAdmission.CreateAsync(cluster.Client, obj);

        Assert.Equal(422, refusal?.Code);
        Assert.True(refusal!.Details?.Causes?.Any(c => c.Field == field) == true,
            $"expected a cause at {field}; got {DryRunAdmission.Describe(refusal)}");
    }
}
