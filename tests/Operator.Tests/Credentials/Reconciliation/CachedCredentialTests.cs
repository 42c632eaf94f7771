using k8s;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Reconciliation;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>The DelegatedCredential as its informer caches it: every value kept, the fleet-wide repeated strings shared.</summary>
public sealed class CachedCredentialTests
{
    private static DelegatedCredential FromServer(string name, bool lastApplied = false) => KubernetesJson.Deserialize<DelegatedCredential>($$"""
        {
          "apiVersion": "credentials.delegated.dev/v1alpha1",
          "kind": "DelegatedCredential",
          "metadata": {
            "name": "{{name}}", "namespace": "team-a", "uid": "uid-{{name}}", "resourceVersion": "42", "generation": 3,
            "annotations": {{(lastApplied ? "{\"kubectl.kubernetes.io/last-applied-configuration\": \"{}\", \"team\": \"a\"}" : "{\"team\": \"a\"}")}},
            "managedFields": [{ "manager": "kubectl", "operation": "Update" }]
          },
          "spec": {
            "serviceAccountName": "{{name}}",
            "provider": { "aws": { "roleArn": "arn:aws:iam::111122223333:role/{{name}}", "region": "eu-west-1" } },
            "target": { "awsCredentials": {} },
            "ttl": "1h"
          },
          "status": {
            "conditions": [{
              "type": "Ready", "status": "True", "reason": "Issued", "observedGeneration": 3,
              "lastTransitionTime": "2026-12-03T14:10:47Z",
              "message": "Secret {{name}} holds a credential valid until 2026-12-03T15:10:47Z."
            }],
            "provider": "aws", "target": "awsCredentials", "secretName": "{{name}}",
            "identity": "arn:aws:sts::111122223333:assumed-role/{{name}}/team-a.{{name}}",
            "expiresAt": "2026-12-03T15:10:47Z", "refreshAt": "2026-12-03T14:58:47Z", "observedGeneration": 3
          }
        }
        """);

    [Fact]
    public void Compact_KeepsEveryValue_ButManagedFieldsAndTheKubectlApplyCopy()
    {
        var expected = FromServer("one");
        expected.Metadata.ManagedFields = null;

        var cached = CachedCredential.Compact(FromServer("one", lastApplied: true));

        Assert.Equal(KubernetesJson.Serialize(expected), KubernetesJson.Serialize(cached));
    }

    [Fact]
    public void Compact_SharesTheStringsThatRepeatAcrossAFleet()
    {
        var one = CachedCredential.Compact(FromServer("one"));
        var two = CachedCredential.Compact(FromServer("two"));

        var (a, b) = (one.Status!.Conditions![0], two.Status!.Conditions![0]);
        Assert.Same(a.Type, b.Type);
        Assert.Same(a.Status, b.Status);
        Assert.Same(a.Reason, b.Reason);
        Assert.Same(one.Status.Provider, two.Status.Provider);
        Assert.Same(one.Status.Target, two.Status.Target);
        Assert.Same(one.Spec.Ttl, two.Spec.Ttl);
        Assert.Same(one.Spec.Provider!.Aws!.Region, two.Spec.Provider!.Aws!.Region);
        Assert.Same(one.ApiVersion, two.ApiVersion);
        Assert.Same(one.Kind, two.Kind);

        // What is each credential's own stays its own.
        Assert.NotEqual(one.Status.Identity, two.Status.Identity);
        Assert.Equal("arn:aws:iam::111122223333:role/two", two.Spec.Provider.Aws.RoleArn);
    }

    [Fact]
    public void Compact_ACredentialWithoutStatusOrProvider_IsCachedAsItCame()
    {
        var bare = new DelegatedCredential { Metadata = new() { Name = "bare", NamespaceProperty = "team-a" } };
        var before = KubernetesJson.Serialize(bare);

        var cached = CachedCredential.Compact(bare);

        Assert.Null(cached.Status);
        Assert.Null(cached.Spec.Provider);
        Assert.Equal(before, KubernetesJson.Serialize(cached));
    }
}
