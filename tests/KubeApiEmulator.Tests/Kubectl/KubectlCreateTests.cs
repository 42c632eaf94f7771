using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>kubectl's typed create commands, which send protobuf bodies.</summary>
[Collection(KubectlCluster.Collection)]
public sealed class KubectlCreateTests(KubectlCluster cluster)
{
    [Fact]
    public async Task CreateNamespace_CreatesIt()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("create", "namespace", "kubectl-made");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("namespace/kubectl-made created", result.Output);
        Assert.Equal("kubectl-made", (await cluster.Client.CoreV1.ReadNamespaceAsync("kubectl-made", cancellationToken: TestContext.Current.CancellationToken)).Name());
    }

    [Fact]
    public async Task CreateServiceAccount_CreatesIt()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("create", "serviceaccount", "robot", "-n", "default");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("serviceaccount/robot created", result.Output);
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedServiceAccountAsync("robot", "default", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateSecretGeneric_StoresTheData()
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("create", "secret", "generic", "kubectl-secret", "-n", "default", "--from-literal=key=value");

        Assert.True(result.ExitCode == 0, result.ToString());
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("kubectl-secret", "default", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("value", Encoding.UTF8.GetString(secret.Data["key"]));
    }

    [Fact]
    public async Task CreateToken_PrintsJwtForTheServiceAccount()
    {
        var kubectl = cluster.Require();
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(
            ServiceAccounts.ServiceAccount("token-robot"), "default", cancellationToken: TestContext.Current.CancellationToken);

        var result = await kubectl.RunAsync("create", "token", "token-robot", "-n", "default", "--audience", "sts.amazonaws.com");

        Assert.True(result.ExitCode == 0, result.ToString());
        var payload = JsonNode.Parse(Base64UrlDecode(result.Output.Trim().Split('.')[1]))!;
        Assert.Equal("system:serviceaccount:default:token-robot", payload["sub"]!.GetValue<string>());
        Assert.Equal("""["sts.amazonaws.com"]""", payload["aud"]!.ToJsonString());
    }

    private static string Base64UrlDecode(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
