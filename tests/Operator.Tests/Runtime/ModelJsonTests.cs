using System.Text;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>The caches' UTF-8 copies write the same JSON as KubernetesClient's own serializer, and copy deeply.</summary>
public sealed class ModelJsonTests
{
    private static DelegatedCredential CredentialWithStatus() => Objects.Credential(labels: new Dictionary<string, string> { ["team"] = "a" }) with
    {
        Status = new DelegatedCredentialStatus
        {
            IssuedAt = new DateTimeOffset(2026, 12, 3, 1, 2, 3, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2026, 12, 3, 2, 2, 3, 500, TimeSpan.Zero),
            Conditions = [new V1Condition { Type = "Ready", Status = "True", Reason = "Issued", Message = "ok", LastTransitionTime = new DateTime(2026, 12, 3, 1, 2, 3, DateTimeKind.Utc) }],
        },
    };

    [Fact]
    public void Utf8_IsKubernetesJsonsOutput()
    {
        var credential = CredentialWithStatus();

        Assert.Equal(KubernetesJson.Serialize(credential), Encoding.UTF8.GetString(ModelJson.Utf8(credential)));
    }

    [Fact]
    public void Clone_IsEqualAndIndependent()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "ns", Labels = new Dictionary<string, string> { ["a"] = "1" } },
            Data = new Dictionary<string, byte[]> { ["k"] = [1, 2, 3] },
        };

        var copy = ModelJson.Clone(secret);
        copy.Metadata.Labels["a"] = "2";
        copy.Data["k"][0] = 9;

        Assert.Equal(KubernetesJson.Serialize(ModelJson.Clone(secret)), KubernetesJson.Serialize(secret));
        Assert.Equal("1", secret.Metadata.Labels["a"]);
        Assert.Equal(1, secret.Data["k"][0]);
    }
}
