using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// The CRD installed is newer than the operator (a value added to an enum, then the operator rolled back), or was
/// edited by hand (a field given another type). An object the operator cannot act on is refused as InvalidSpec naming
/// the field, or, when the model cannot hold it at all, left out with a Warning; every other credential is still
/// served. Before, such an object could not be read: the informer's list and watch failed on it, so no credential in
/// the cluster was reconciled while it existed. Own fixture: the CRD is changed.
/// </summary>
public sealed class SkewedCrdTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private const string CrdName = DelegatedCredential.Plural + "." + DelegatedCredential.ApiGroup;

    private readonly Cluster _cluster = new(fixture.Testbed);

    [Fact]
    public async Task AnEnumValueOfANewerCrd_IsInvalidSpecNamingTheField_AndOtherCredentialsAreStillIssued()
    {
        await AddWorkloadKindToTheCrdAsync("CronJob");
        await CreateAsync("skew-newer", spec => spec["restartOnRotation"] = new JsonArray(new JsonObject { ["kind"] = "CronJob", ["name"] = "nightly" }));

        await OthersAreStillIssuedAsync("skew-newer");

        // Read as JSON: the test's own model must not decide whether the object can be read.
        var ready = await Eventually.MatchAsync<JsonNode?>(() => ReadyConditionAsync("skew-newer", "app-aws"),
            c => (string?)c?["reason"] == "InvalidSpec", "Ready=False InvalidSpec on the object the operator cannot act on");
        Assert.Contains("spec.restartOnRotation[0].kind is not one of Deployment, StatefulSet, DaemonSet",
            (string?)ready!["message"], StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("skew-newer", "app-aws"));
        Assert.DoesNotContain(fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/skew-newer-app/", StringComparison.Ordinal));
    }

    /// <summary>
    /// A CRD edited to give a field another type: the object cannot be held by the model at all. It is left out (no
    /// status, no Secret, no exchange, a Warning naming it and the field) and every other credential is still served;
    /// before, its watch event was read again on every re-watch, and a restarted operator's list failed on it.
    /// </summary>
    [Fact]
    public async Task AFieldOfAnotherType_LeavesThatObjectOut_AndOtherCredentialsAreStillIssued()
    {
        await ChangeTheCrdAsync(spec => spec["target"]!["properties"]!["awsCredentials"]!["properties"]!["profile"] =
            new JsonObject { ["type"] = "integer" });
        await CreateAsync("skew-typed", spec => spec["target"] = new JsonObject { ["awsCredentials"] = new JsonObject { ["profile"] = 7 } });

        await OthersAreStillIssuedAsync("skew-typed");

        await Eventually.TrueAsync(() => fixture.Testbed.Logs.Lines.Any(l => l.Contains("Left out delegatedcredentials skew-typed/app-aws", StringComparison.Ordinal)
            && l.Contains("spec.target.awsCredentials.profile", StringComparison.Ordinal)), "a Warning naming the object and the field");
        Assert.Null(await ReadyConditionAsync("skew-typed", "app-aws"));
        Assert.Null(await _cluster.SecretAsync("skew-typed", "app-aws"));
        Assert.DoesNotContain(fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/skew-typed-app/", StringComparison.Ordinal));
    }

    /// <summary>
    /// An IRSA credential <c>app-aws</c> in <paramref name="ns"/>, changed as JSON: the model may not be able to hold what
    /// a skewed CRD admits.
    /// </summary>
    private async Task CreateAsync(string ns, Action<JsonNode> changeSpec)
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync(ns, "app", ns + "-app");
        var credential = JsonNode.Parse(KubernetesJson.Serialize(Cluster.Credential(ns, "app-aws", "app")))!;
        changeSpec(credential["spec"]!);
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(credential, DelegatedCredential.ApiGroup,
            DelegatedCredential.Version, ns, DelegatedCredential.Plural, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Two more credentials, created after the skewed one: one reaches the running operator through its watch, one a
    /// restarted operator through its list. Both are issued.
    /// </summary>
    private async Task OthersAreStillIssuedAsync(string prefix)
    {
        await _cluster.CreateIrsaCredentialAsync(prefix + "-other");
        await _cluster.ReadyAsync(prefix + "-other", "app-aws", "Issued");
        await fixture.Testbed.StopOperatorAsync();
        await _cluster.CreateIrsaCredentialAsync(prefix + "-after-restart");
        await fixture.Testbed.StartOperatorAsync();
        await _cluster.ReadyAsync(prefix + "-after-restart", "app-aws", "Issued");
    }

    private async Task<JsonNode?> ReadyConditionAsync(string ns, string name)
    {
        var obj = JsonSerializer.SerializeToNode(await _cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(
            DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns, DelegatedCredential.Plural, name));
        return (obj?["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => (string?)c?["type"] == "Ready");
    }

    /// <summary>What a newer release of the CRD would do: one more workload kind in restartOnRotation's enum.</summary>
    private Task AddWorkloadKindToTheCrdAsync(string kind) =>
        ChangeTheCrdAsync(spec => ((JsonArray)spec["restartOnRotation"]!["items"]!["properties"]!["kind"]!["enum"]!).Add(kind));

    /// <summary>Edits the schema of the CRD's spec properties in place.</summary>
    private async Task ChangeTheCrdAsync(Action<JsonNode> change)
    {
        var ct = TestContext.Current.CancellationToken;
        var crd = JsonNode.Parse(KubernetesJson.Serialize(
            await _cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(CrdName, cancellationToken: ct)))!;
        change(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!);
        await _cluster.Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(
            KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString()), CrdName, cancellationToken: ct);
    }
}
