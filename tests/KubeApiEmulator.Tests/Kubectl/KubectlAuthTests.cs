using System.Text.Json.Nodes;
using Operator.Testing.Tests.Auth;

namespace Operator.Testing.Tests.Kubectl;

/// <summary>
/// The real kubectl against RBAC and the shipped install shapes: `auth can-i` (SelfSubjectAccessReview, sent as
/// protobuf), a Forbidden error as kubectl prints it, `kubectl kustomize` of every shape under config/, and
/// `apply -k` of the RBAC and admission directories.
/// </summary>
[Collection(KubectlCluster.Collection)]
public sealed class KubectlAuthTests(KubectlCluster cluster)
{
    private async Task<global::Operator.Testing.Tests.Kubectl.Kubectl> AsServiceAccountAsync(string ns, string name)
    {
        cluster.Require();
        using var admin = cluster.Emulator.CreateHttpClient();
        using (await AuthCluster.PostAsync(admin, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }))
        using (await AuthCluster.PostAsync(admin, $"/api/v1/namespaces/{ns}/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }))
        {
        }
        var directory = Directory.CreateTempSubdirectory("kubectl-sa-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig.yaml");
        cluster.Emulator.WriteKubeconfig(kubeconfig, cluster.Emulator.CreateServiceAccountToken(ns, name));
        return new global::Operator.Testing.Tests.Kubectl.Kubectl(global::Operator.Testing.Tests.Kubectl.Kubectl.FindOnPath()!, kubeconfig, Path.Combine(directory, "cache"));
    }

    [Fact]
    public async Task AuthCanI_AnswersByRbac()
    {
        var admin = cluster.Require();
        var sa = await AsServiceAccountAsync("kubectl-can-i", "robot");

        var before = await sa.RunAsync("auth", "can-i", "list", "secrets", "-n", "kubectl-can-i");
        var forbidden = await sa.RunAsync("get", "secrets", "-n", "kubectl-can-i");
        using var http = cluster.Emulator.CreateHttpClient();
        await AuthCluster.CreateAllAsync(http, [
            AuthCluster.Role("Role", "lister", "kubectl-can-i", AuthCluster.Rule([""], ["secrets"], ["list"])),
            AuthCluster.Binding("robot", "kubectl-can-i", "Role", "lister", "kubectl-can-i", "robot"),
        ]);
        var after = await sa.RunAsync("auth", "can-i", "list", "secrets", "-n", "kubectl-can-i");
        var adminAnswer = await admin.RunAsync("auth", "can-i", "delete", "nodes");

        Assert.True(before.ExitCode == 1 && before.Output.Trim() == "no", before.ToString());
        Assert.Contains("Error from server (Forbidden): secrets is forbidden: User \"system:serviceaccount:kubectl-can-i:robot\" cannot list resource \"secrets\" in API group \"\" in the namespace \"kubectl-can-i\"",
            forbidden.Error, StringComparison.Ordinal);
        Assert.True(after.ExitCode == 0 && after.Output.Trim() == "yes", after.ToString());
        Assert.True(adminAnswer.ExitCode == 0 && adminAnswer.Output.Trim() == "yes", adminAnswer.ToString());
    }

    [Theory]
    [InlineData("config/default", "ValidatingAdmissionPolicy,ClusterRole/delegated-credentials-operator,ClusterRole/delegated-credentials-operator-metrics-auth")]
    [InlineData("config/namespaced", "ValidatingAdmissionPolicy,Role/delegated-credentials-operator,ClusterRole/delegated-credentials-operator-metrics-auth")]
    [InlineData("config/rbac", "ClusterRole/delegated-credentials-viewer,ClusterRole/delegated-credentials-editor")]
    [InlineData("config/admission", "ValidatingAdmissionPolicyBinding")]
    public async Task Kustomize_BuildsEveryShape(string directory, string expected)
    {
        var kubectl = cluster.Require();

        var result = await kubectl.RunAsync("kustomize", RepositoryFiles.Path(directory.Split('/')));

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var item in expected.Split(','))
        {
            var parts = item.Split('/');
            Assert.Contains($"kind: {parts[0]}\n", result.Output, StringComparison.Ordinal);
            if (parts.Length > 1)
            {
                Assert.Contains($"  name: {parts[1]}\n", result.Output, StringComparison.Ordinal);
            }
        }
        if (directory == "config/default")
        {
            Assert.DoesNotContain("restart-on-rotation", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("deployments", result.Output.Split("kind: ClusterRole")[1], StringComparison.Ordinal);
        }
        if (directory == "config/namespaced")
        {
            Assert.Contains("OPERATOR__NAMESPACES__0", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("name: delegated-credentials-operator\nroleRef", result.Output.Split("kind: ClusterRoleBinding").Last(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Kustomize_OverlayWithTheRestartComponent_AddsTheWorkloadRole()
    {
        var kubectl = cluster.Require();
        var overlay = Directory.CreateTempSubdirectory("kustomize-overlay-").FullName;
        await File.WriteAllTextAsync(Path.Combine(overlay, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - {Path.GetRelativePath(overlay, RepositoryFiles.Path("config", "rbac"))}
            components:
              - {Path.GetRelativePath(overlay, RepositoryFiles.Path("config", "components", "restart-on-rotation"))}
            """, TestContext.Current.CancellationToken);

        var result = await kubectl.RunAsync("kustomize", overlay);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("name: delegated-credentials-operator-restart-on-rotation", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyK_RbacAndAdmission_AreServed()
    {
        var kubectl = cluster.Require();
        await kubectl.RunAsync("create", "namespace", "delegated-credentials-system");

        var rbac = await kubectl.RunAsync("apply", "-k", RepositoryFiles.Path("config", "rbac"));
        var admission = await kubectl.RunAsync("apply", "-k", RepositoryFiles.Path("config", "admission"));
        var again = await kubectl.RunAsync("apply", "-k", RepositoryFiles.Path("config", "rbac"));

        Assert.True(rbac.ExitCode == 0, rbac.ToString());
        Assert.Contains("clusterrole.rbac.authorization.k8s.io/delegated-credentials-operator created", rbac.Output, StringComparison.Ordinal);
        Assert.True(admission.ExitCode == 0, admission.ToString());
        Assert.Contains("validatingadmissionpolicy.admissionregistration.k8s.io/delegated-credentials-author-permissions created", admission.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0 && again.Output.Contains("unchanged", StringComparison.Ordinal), again.ToString());
    }
}
