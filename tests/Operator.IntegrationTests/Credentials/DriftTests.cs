using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;

namespace Operator.IntegrationTests.Credentials;

/// <summary>docs/behaviour.md §4–§6: spec changes re-issue at once; deleted or edited Secrets come back; owners take their Secrets with them.</summary>
public sealed class DriftTests(OperatorFixture fixture) : IClassFixture<OperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    private async Task<V1Secret> IssuedAsync(string ns)
    {
        await _cluster.CreateIrsaCredentialAsync(ns);
        await _cluster.ReadyAsync(ns, "app-aws", "Issued");
        return (await _cluster.SecretAsync(ns, "app-aws"))!;
    }

    [Fact]
    public async Task DeletedSecret_ComesBackWithAFreshCredential()
    {
        var original = await IssuedAsync("drift-delete");

        await _cluster.Client.CoreV1.DeleteNamespacedSecretAsync("app-aws", "drift-delete");

        var restored = await Eventually.MatchAsync<V1Secret?>(() => _cluster.SecretAsync("drift-delete", "app-aws"),
            s => s is not null && s.Metadata.Uid != original.Metadata.Uid, "the Secret to be re-created");
        Assert.NotEqual(Cluster.Text(original, "AWS_ACCESS_KEY_ID"), Cluster.Text(restored!, "AWS_ACCESS_KEY_ID"));
        NoSecretsLogged.Assert(fixture.Testbed);
    }

    [Fact]
    public async Task EditedSecretData_IsReissued()
    {
        var original = await IssuedAsync("drift-edit");

        await _cluster.Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"stringData":{"AWS_SECRET_ACCESS_KEY":"edited-by-hand"}}""", V1Patch.PatchType.MergePatch), "app-aws", "drift-edit");

        var repaired = await Eventually.MatchAsync<V1Secret?>(() => _cluster.SecretAsync("drift-edit", "app-aws"),
            s => Cluster.Text(s!, "AWS_ACCESS_KEY_ID") != Cluster.Text(original, "AWS_ACCESS_KEY_ID"), "the Secret to be re-issued");
        Assert.NotEqual("edited-by-hand", Cluster.Text(repaired!, "AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public async Task SpecChange_ReissuesAtOnce()
    {
        var original = await IssuedAsync("drift-spec");

        await _cluster.PatchSpecAsync("drift-spec", "app-aws", """{"spec":{"ttl":"2h"}}""");

        var credential = await Eventually.MatchAsync(() => _cluster.GetAsync("drift-spec", "app-aws"),
            c => c.Status?.ObservedGeneration == 2, "status for generation 2");
        var secret = (await _cluster.SecretAsync("drift-spec", "app-aws"))!;
        Assert.Equal("True", Cluster.Ready(credential)!.Status);
        Assert.NotEqual(original.Metadata.Annotations["credentials.delegated.dev/spec-hash"], secret.Metadata.Annotations["credentials.delegated.dev/spec-hash"]);
        Assert.NotEqual(Cluster.Text(original, "AWS_ACCESS_KEY_ID"), Cluster.Text(secret, "AWS_ACCESS_KEY_ID"));
        Assert.True(credential.Status!.ExpiresAt - credential.Status.IssuedAt > TimeSpan.FromMinutes(90), "the new ttl was asked for");
    }

    [Fact]
    public async Task DeletedCredential_TakesItsSecretAlong()
    {
        await IssuedAsync("drift-gc");

        await _cluster.DeleteAsync("drift-gc", "app-aws");

        await Eventually.MatchAsync<V1Secret?>(() => _cluster.SecretAsync("drift-gc", "app-aws"), s => s is null, "garbage collection of the Secret");
    }

    [Fact]
    public async Task RestartOnRotation_PodTemplateCarriesTheSecretsKeyedContentHash_NotThePlainOne()
    {
        await fixture.Testbed.AddIrsaServiceAccountAsync("drift-rollout", "app", "drift-rollout-app");
        await _cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "drift-rollout");
        var credential = Cluster.Credential("drift-rollout", "app-aws", "app");
        await _cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "web" }] },
        });
        await _cluster.ReadyAsync("drift-rollout", "app-aws", "Issued");
        var first = (await _cluster.SecretAsync("drift-rollout", "app-aws"))!;

        await _cluster.Client.CoreV1.DeleteNamespacedSecretAsync("app-aws", "drift-rollout");
        var second = await Eventually.MatchAsync<V1Secret?>(() => _cluster.SecretAsync("drift-rollout", "app-aws"),
            s => s is not null && s.Metadata.Uid != first.Metadata.Uid, "the Secret to be re-created");

        // The keyed hash stored with the data (operator/Credentials/Secrets/RolloutHash.cs): a reader of the Deployment
        // cannot check a guessed credential against it, as it could against the data's plain SHA-256.
        var deployment = await Eventually.MatchAsync(() => _cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "drift-rollout"),
            d => d.Spec.Template.Metadata?.Annotations is { } a && a.TryGetValue("credentials.delegated.dev/secret-hash", out var hash) && hash
                == second!.Metadata.Annotations["credentials.delegated.dev/rollout-hash"], "the pod template to carry the new content hash");
        var templateHash = deployment.Spec.Template.Metadata.Annotations["credentials.delegated.dev/secret-hash"];
        Assert.NotEqual(first.Metadata.Annotations["credentials.delegated.dev/rollout-hash"], templateHash);
        Assert.NotEqual(second!.Metadata.Annotations["credentials.delegated.dev/data-hash"], templateHash);
    }

    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = "busybox" }] },
            },
        },
    };
}
