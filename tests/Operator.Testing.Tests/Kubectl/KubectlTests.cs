using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>
/// The real kubectl against the emulator: what a person installing and using the operator types. Skipped
/// when kubectl is not on PATH.
/// </summary>
public sealed class KubectlTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    private const string Group = "credentials.delegated.dev";
    private const string Version = "v1alpha1";
    private const string Plural = "delegatedcredentials";

    private Kubectl Kubectl => cluster.Kubectl ?? throw new InvalidOperationException("skipped above");

    [Fact]
    public void ApplyCrds_CreatesTheDefinition()
    {
        SkipWithoutKubectl();

        Assert.True(cluster.CrdApply!.ExitCode == 0, cluster.CrdApply.ToString());
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/delegatedcredentials.credentials.delegated.dev created", cluster.CrdApply.Output);
    }

    [Fact]
    public async Task WaitEstablished_ReportsConditionMet()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("wait", "--for=condition=Established", "crd/delegatedcredentials.credentials.delegated.dev", "--timeout=10s");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("condition met", result.Output);
    }

    [Fact]
    public void ApplySamples_CreatesEveryCredential()
    {
        SkipWithoutKubectl();

        Assert.True(cluster.SampleApply!.ExitCode == 0, cluster.SampleApply.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev/app-aws created", cluster.SampleApply.Output);
        Assert.Contains("delegatedcredential.credentials.delegated.dev/datadog created", cluster.SampleApply.Output);
    }

    [Fact]
    public async Task GetDcred_PrintsThePrinterColumns()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("get", "dcred", "-n", "default");

        Assert.True(result.ExitCode == 0, result.ToString());
        var header = result.Output.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "PROVIDER", "TARGET", "READY", "EXPIRES", "REFRESH", "AGE"], header);
        Assert.Contains(result.Output.Split('\n'), line => line.StartsWith("app-aws ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetDcredAsYaml_ShowsTheStoredObject()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("get", "dcred", "app-aws", "-n", "default", "-o", "yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kind: DelegatedCredential", result.Output);
        Assert.Contains("serviceAccountName: app", result.Output);
        Assert.Contains("uid: ", result.Output);
    }

    [Fact]
    public async Task ExplainSpec_DescribesTheFields()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("explain", "dcred.spec");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("serviceAccountName", result.Output);
        Assert.Contains("provider", result.Output);
    }

    [Fact]
    public async Task ExplainNestedField_WalksIntoTheSchema()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("explain", "delegatedcredential.spec.provider.aws");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("roleArn", result.Output);
    }

    [Fact]
    public async Task WaitReady_ReturnsOnceStatusSaysReady()
    {
        SkipWithoutKubectl();
        var waiting = Kubectl.RunAsync("wait", "--for=condition=Ready", "dcred/app-aws", "-n", "default", "--timeout=20s");

        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Refreshed","message":"test","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "default", Plural, "app-aws", cancellationToken: TestContext.Current.CancellationToken);
        var result = await waiting;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev/app-aws condition met", result.Output);
    }

    [Fact]
    public async Task CreateNamespace_CreatesIt()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("create", "namespace", "kubectl-made");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("namespace/kubectl-made created", result.Output);
        Assert.Equal("kubectl-made", (await cluster.Client.CoreV1.ReadNamespaceAsync("kubectl-made", cancellationToken: TestContext.Current.CancellationToken)).Name());
    }

    [Fact]
    public async Task CreateServiceAccount_CreatesIt()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("create", "serviceaccount", "robot", "-n", "default");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("serviceaccount/robot created", result.Output);
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("robot", "default", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateSecretGeneric_StoresTheData()
    {
        SkipWithoutKubectl();

        var result = await Kubectl.RunAsync("create", "secret", "generic", "kubectl-secret", "-n", "default", "--from-literal=key=value");

        Assert.True(result.ExitCode == 0, result.ToString());
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("kubectl-secret", "default", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("value", Encoding.UTF8.GetString(secret.Data["key"]));
    }

    [Fact]
    public async Task CreateToken_PrintsJwtForTheServiceAccount()
    {
        SkipWithoutKubectl();
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "token-robot" } }, "default", cancellationToken: TestContext.Current.CancellationToken);

        var result = await Kubectl.RunAsync("create", "token", "token-robot", "-n", "default", "--audience", "sts.amazonaws.com");

        Assert.True(result.ExitCode == 0, result.ToString());
        var payload = JsonNode.Parse(Base64UrlDecode(result.Output.Trim().Split('.')[1]))!;
        Assert.Equal("system:serviceaccount:default:token-robot", payload["sub"]!.GetValue<string>());
        Assert.Equal("""["sts.amazonaws.com"]""", payload["aud"]!.ToJsonString());
    }

    [Fact]
    public async Task DeleteDcred_GarbageCollectsItsSecret()
    {
        SkipWithoutKubectl();
        var ct = TestContext.Current.CancellationToken;
        var owner = await CreateCredentialAsync("doomed", ct);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "doomed",
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = $"{Group}/{Version}", Kind = "DelegatedCredential", Name = "doomed", Uid = owner, Controller = true, BlockOwnerDeletion = true },
                ],
            },
            StringData = new Dictionary<string, string> { ["token"] = "x" },
        }, "default", cancellationToken: ct);

        var result = await Kubectl.RunAsync("delete", "dcred", "doomed", "-n", "default");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev \"doomed\" deleted", result.Output);
        await WaitUntilGoneAsync(() => cluster.Client.CoreV1.ReadNamespacedSecretAsync("doomed", "default", cancellationToken: ct));
    }

    [Fact]
    public async Task ApplyTwice_SecondIsUnchanged()
    {
        SkipWithoutKubectl();
        var file = Path.Combine(Path.GetTempPath(), $"dcred-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Manifest("twice"), TestContext.Current.CancellationToken);
        try
        {
            var first = await Kubectl.RunAsync("apply", "-f", file);
            var second = await Kubectl.RunAsync("apply", "-f", file);

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
        SkipWithoutKubectl();
        var ct = TestContext.Current.CancellationToken;
        await CreateCredentialAsync("patched", ct);

        var result = await Kubectl.RunAsync("patch", "dcred", "patched", "-n", "default", "--type", "merge", "-p", """{"spec":{"ttl":"2h"}}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("delegatedcredential.credentials.delegated.dev/patched patched", result.Output);
        var stored = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(
            await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "default", Plural, "patched", ct)))!;
        Assert.Equal("2h", stored["spec"]!["ttl"]!.GetValue<string>());
    }

    private void SkipWithoutKubectl() => Assert.SkipUnless(cluster.Kubectl is not null, "kubectl is not on PATH");

    private async Task<string> CreateCredentialAsync(string name, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "DelegatedCredential",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = JsonNode.Parse("""{"serviceAccountName":"app","provider":{"aws":{}},"target":{"awsCredentials":{}}}"""),
        };
        var created = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, Version, "default", Plural, cancellationToken: ct);
        return JsonNode.Parse(KubernetesJson.Serialize(created))!["metadata"]!["uid"]!.GetValue<string>();
    }

    private static string Manifest(string name) => $"""
        apiVersion: {Group}/{Version}
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

    private static async Task WaitUntilGoneAsync(Func<Task> read)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await read();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the owned Secret was not garbage-collected within 10 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string Base64UrlDecode(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
