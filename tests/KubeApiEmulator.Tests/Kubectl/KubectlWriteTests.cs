using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>Changing and deleting custom resources with kubectl: apply, patch, delete with garbage collection.</summary>
[Collection(KubectlCluster.Collection)]
public sealed class KubectlWriteTests(KubectlCluster cluster)
{
    [Fact]
    public async Task DeleteDcred_GarbageCollectsItsSecret()
    {
        var kubectl = cluster.Require();
        var ct = TestContext.Current.CancellationToken;
        var owner = await CreateCredentialAsync("doomed", ct);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "doomed",
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = KubectlCluster.ApiVersion, Kind = "DelegatedCredential", Name = "doomed", Uid = owner, Controller = true, BlockOwnerDeletion = true },
                ],
            },
            StringData = new Dictionary<string, string> { ["token"] = "x" },
        }, "default", cancellationToken: ct);

        var result = await kubectl.RunAsync("delete", "dcred", "doomed", "-n", "default");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev \"doomed\" deleted", result.Output);
        await WaitUntilGoneAsync(() => cluster.Client.CoreV1.ReadNamespacedSecretAsync("doomed", "default", cancellationToken: ct));
    }

    [Fact]
    public async Task ApplyTwice_SecondIsUnchanged()
    {
        var kubectl = cluster.Require();
        var file = Path.Combine(Path.GetTempPath(), $"dcred-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Manifest("twice"), TestContext.Current.CancellationToken);
        try
        {
            var first = await kubectl.RunAsync("apply", "-f", file);
            var second = await kubectl.RunAsync("apply", "-f", file);

            Assert.Contains("delegatedcredential.credentials.delegated.dev/twice created", first.Output);
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.Contains("delegatedcredential.credentials.delegated.dev/twice unchanged", second.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PatchMerge_ChangesTheSpec()
    {
        var kubectl = cluster.Require();
        var ct = TestContext.Current.CancellationToken;
        await CreateCredentialAsync("patched", ct);

        var result = await kubectl.RunAsync("patch", "dcred", "patched", "-n", "default", "--type", "merge", "-p", """{"spec":{"ttl":"2h"}}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev/patched patched", result.Output);
        var stored = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(
            await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(KubectlCluster.Group, KubectlCluster.Version, "default", KubectlCluster.Plural, "patched", ct)))!;
        Assert.Equal("2h", stored["spec"]!["ttl"]!.GetValue<string>());
    }

    private async Task<string> CreateCredentialAsync(string name, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = KubectlCluster.ApiVersion,
            ["kind"] = "DelegatedCredential",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = JsonNode.Parse("""{"serviceAccountName":"app","provider":{"aws":{}},"target":{"awsCredentials":{}}}"""),
        };
        var created = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, KubectlCluster.Group, KubectlCluster.Version, "default", KubectlCluster.Plural, cancellationToken: ct);
        return JsonNode.Parse(KubernetesJson.Serialize(created))!["metadata"]!["uid"]!.GetValue<string>();
    }

    private static string Manifest(string name) => $"""
        apiVersion: {KubectlCluster.ApiVersion}
        kind: DelegatedCredential
        metadata:
          name: {name}
          namespace: default
        spec:
          serviceAccountName: app
          provider:
            aws: {"{}"}
          target:
            awsCredentials: {"{}"}
        """;

    private static Task WaitUntilGoneAsync(Func<Task> read) => Eventually.TrueAsync(async () =>
    {
        try
        {
            await read();
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
    }, "garbage collection of the owned Secret", TimeSpan.FromSeconds(10));
}
