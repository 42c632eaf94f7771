using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.Harness;
using Operator.Testing.KubeApi;

namespace Operator.IntegrationTests.Hosting;

/// <summary>
/// What a newcomer meets first: the operator started with something wrong outside it (kubeconfig, API server, CRD, RBAC)
/// says what in one line on stderr and exits 2, without a stack trace (an unhandled exception would exit 134).
/// </summary>
public sealed class StartupFailureTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("startup-failure-").FullName;

    private string Kubeconfig => Path.Combine(_directory, "kubeconfig");

    [Fact]
    public async Task MissingKubeconfig_OneLineAndExit2()
    {
        var missing = Path.Combine(_directory, "absent");

        var line = await FailsWithOneLineAsync("--kubeconfig", missing);

        Assert.Equal($"operator: No kubeconfig at '{missing}'.", line[..line.IndexOf(". ", StringComparison.Ordinal)] + ".");
    }

    [Theory]
    [InlineData("{ this is: [not a kubeconfig")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: nowhere\n")]
    public async Task UnreadableKubeconfig_OneLineNamingTheFile(string content)
    {
        await File.WriteAllTextAsync(Kubeconfig, content, TestContext.Current.CancellationToken);

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig);

        Assert.StartsWith($"operator: Cannot use the kubeconfig '{Kubeconfig}': ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubeconfigIsADirectory_OneLineNamingIt()
    {
        var line = await FailsWithOneLineAsync("--kubeconfig", _directory);

        Assert.StartsWith($"operator: No kubeconfig at '{_directory}'.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiServerRefusesConnections_OneLineNamingTheServer()
    {
        await using var emulator = await KubeApiEmulator.StartAsync();
        emulator.WriteKubeconfig(Kubeconfig);
        var port = emulator.BaseAddress.Port;
        await emulator.DisposeAsync();

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig);

        Assert.StartsWith($"operator: cannot reach the Kubernetes API server at https://127.0.0.1:{port}: Connection refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiServerNeverAnswers_OneLineAfterTheStartupTimeout()
    {
        // Accepts the connection and says nothing, as a black-holed load balancer does.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        await using (var emulator = await KubeApiEmulator.StartAsync())
        {
            emulator.WriteKubeconfig(Kubeconfig);
        }

        var text = await File.ReadAllTextAsync(Kubeconfig, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Kubeconfig, System.Text.RegularExpressions.Regex.Replace(text, @"https://127\.0\.0\.1:\d+",
            $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), TestContext.Current.CancellationToken);

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig, "--Operator:Kubernetes:StartupTimeout=00:00:01");

        Assert.StartsWith("operator: the Kubernetes API server at https://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("did not answer within 1s (Operator:Kubernetes:StartupTimeout)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrdNotInstalled_OneLineWithTheApplyHint()
    {
        await using var emulator = await KubeApiEmulator.StartAsync();
        emulator.WriteKubeconfig(Kubeconfig);

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig);

        Assert.Equal("operator: the DelegatedCredential CRD (delegatedcredentials.credentials.delegated.dev/v1alpha1) is not installed; " +
            "install it with `kubectl apply -k crds` (or config/default).", line);
    }

    [Fact]
    public async Task NoRbac_OneLineNamingTheRefusedCall()
    {
        await using var emulator = await KubeApiEmulator.StartAsync();
        using var admin = emulator.CreateClient();
        await CustomResourceDefinitions.InstallAsync(admin, RepositoryFiles.Path("crds"), TestContext.Current.CancellationToken);
        await admin.CreateAsync(ServiceAccounts.ServiceAccount("operator", "default"));
        emulator.WriteKubeconfig(Kubeconfig, emulator.CreateServiceAccountToken("default", "operator"));

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig);

        Assert.StartsWith("operator: RBAC: the operator may not list delegatedcredentials.credentials.delegated.dev in all namespaces (403 Forbidden: ", line, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccount:default:operator", line, StringComparison.Ordinal);
        Assert.EndsWith("apply its roles with `kubectl apply -k config/default` (or config/namespaced).", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAllowedButNotWatch_OneLineNamingTheWatch()
    {
        await using var emulator = await KubeApiEmulator.StartAsync();
        using var admin = emulator.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        await CustomResourceDefinitions.InstallAsync(admin, RepositoryFiles.Path("crds"), ct);
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "list-only" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["credentials.delegated.dev"], Resources = ["delegatedcredentials"], Verbs = ["list"] },
                new V1PolicyRule { ApiGroups = [""], Resources = ["secrets", "serviceaccounts"], Verbs = ["list"] },
            ],
        }, cancellationToken: ct);
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "list-only" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "list-only" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "operator", NamespaceProperty = "default" }],
        }, cancellationToken: ct);
        await admin.CreateAsync(ServiceAccounts.ServiceAccount("operator", "default"));
        emulator.WriteKubeconfig(Kubeconfig, emulator.CreateServiceAccountToken("default", "operator"));

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig);

        Assert.StartsWith("operator: RBAC: the operator may not watch delegatedcredentials.credentials.delegated.dev in all namespaces (SelfSubjectAccessReview: ",
            line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralWatchedNamespaces_EachIsChecked_AndTheOneWithoutRolesIsNamed()
    {
        await using var emulator = await KubeApiEmulator.StartAsync();
        using var admin = emulator.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        await CustomResourceDefinitions.InstallAsync(admin, RepositoryFiles.Path("crds"), ct);
        await admin.CreateAsync(ServiceAccounts.ServiceAccount("operator", "default"));
        // A namespaced install (config/namespaced) whose Role reached team-a but not team-b.
        await admin.EnsureNamespaceAsync("team-a");
        await admin.EnsureNamespaceAsync("team-b");
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "operator", NamespaceProperty = "team-a" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["credentials.delegated.dev"], Resources = ["delegatedcredentials"], Verbs = ["list", "watch"] },
                new V1PolicyRule { ApiGroups = [""], Resources = ["secrets", "serviceaccounts"], Verbs = ["list", "watch"] },
            ],
        }, "team-a", cancellationToken: ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "operator", NamespaceProperty = "team-a" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "operator" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "operator", NamespaceProperty = "default" }],
        }, "team-a", cancellationToken: ct);
        emulator.WriteKubeconfig(Kubeconfig, emulator.CreateServiceAccountToken("default", "operator"));

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig, "--Operator:Namespaces:0=team-a", "--Operator:Namespaces:1=team-b");

        Assert.StartsWith("operator: RBAC: the operator may not list delegatedcredentials.credentials.delegated.dev in namespace team-b (403 Forbidden: ",
            line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiServerAnswers500_OneLineNamingTheCallAndStatus()
    {
        await using var emulator = await KubeApiEmulator.StartAsync();
        using var admin = emulator.CreateClient();
        await CustomResourceDefinitions.InstallAsync(admin, RepositoryFiles.Path("crds"), TestContext.Current.CancellationToken);
        emulator.WriteKubeconfig(Kubeconfig);
        emulator.Faults.FailNext(500, count: 100, verb: "list", resource: "serviceaccounts");

        var line = await FailsWithOneLineAsync("--kubeconfig", Kubeconfig);

        Assert.StartsWith("operator: the Kubernetes API server answered 500 InternalServerError to list serviceaccounts in all namespaces: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShippedCrdAndRbac_PassTheChecks()
    {
        await using var testbed = await OperatorTestbed.StartAsync(TestContext.Current.CancellationToken);
        var builder = Operator.Hosting.OperatorHost.CreateBuilder([.. testbed.OperatorArgs()]);
        await using var app = Operator.Hosting.OperatorHost.Build(builder);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Operator.Hosting.OperatorOptions>>().Value;

        // Throws a StartupFailure on any refusal; the operator's own ServiceAccount under config/rbac passes.
        await Operator.Hosting.StartupCheck.RunAsync(app.Services, options, TestContext.Current.CancellationToken);
    }

    private static async Task<string> FailsWithOneLineAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await OperatorProgram.RunAsync(["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0", .. args]);

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exitCode == 2, $"exit code {exitCode}; stderr:\n{stderr}\nstdout:\n{stdout}");
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{stderr}");
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr + stdout, StringComparison.Ordinal);
        return lines[0];
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
