using System.Text.Json.Nodes;
using k8s;
using Operator.Api.V1Alpha1;

namespace Operator.Tests.Api;

/// <summary>Every sample survives the C# model unchanged: nothing in it is unknown to the operator.</summary>
public sealed class SampleRoundTripTests
{
    public static TheoryData<string> Samples => [.. RepositoryFiles.Samples()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_RoundTripsThroughTheModel_Unchanged(string sample)
    {
        var original = CrdDocument.Sample(sample);

        var model = KubernetesJson.Deserialize<DelegatedCredential>(original.ToJsonString());
        var written = JsonNode.Parse(KubernetesJson.Serialize(model));

        Assert.True(JsonNode.DeepEquals(original, written), $"{sample} became {written}");
    }

    [Fact]
    public void Samples_CoverEveryTarget()
    {
        var targets = RepositoryFiles.Samples()
            .Select(sample => KubernetesJson.Deserialize<DelegatedCredential>(CrdDocument.Sample(sample).ToJsonString()).Spec.Target.Name)
            .ToHashSet();

        Assert.Equal(
            ["awsCredentials", "azureAccessToken", "datadog", "gcpAccessToken", "gcpIdToken", "http", "serviceAccountToken", "singlestore"],
            targets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Status_WrittenByTheOperator_RoundTripsThroughTheModel()
    {
        var status = new DelegatedCredentialStatus
        {
            ObservedGeneration = 3,
            Conditions = [new k8s.Models.V1Condition
            {
                Type = "Ready",
                Status = "True",
                Reason = "Refreshed",
                Message = "Credential issued.",
                LastTransitionTime = new DateTime(2026, 8, 5, 12, 34, 56, DateTimeKind.Utc),
                ObservedGeneration = 3,
            }],
            Provider = "aws",
            Target = "datadog",
            SecretName = "datadog",
            Identity = "arn:aws:sts::123456789012:assumed-role/sre-arena/op",
            IssuedAt = new DateTimeOffset(2026, 8, 5, 12, 34, 56, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2026, 8, 5, 13, 34, 56, TimeSpan.Zero),
            RefreshAt = new DateTimeOffset(2026, 8, 5, 13, 14, 56, TimeSpan.Zero),
            Failures = 0,
        };

        var json = KubernetesJson.Serialize(status);
        var read = KubernetesJson.Deserialize<DelegatedCredentialStatus>(json);

        Assert.Equal(status with { Conditions = null }, read with { Conditions = null });
        Assert.Equivalent(status.Conditions, read.Conditions);
    }

    [Fact]
    public void Entity_CarriesTheCrdsGroupVersionAndPlural()
    {
        var crd = CrdDocument.Crd["spec"]!;

        Assert.Equal(DelegatedCredential.ApiGroup, (string?)crd["group"]);
        Assert.Equal(DelegatedCredential.Version, (string?)CrdDocument.Version["name"]);
        Assert.Equal(DelegatedCredential.Plural, (string?)crd["names"]!["plural"]);
        Assert.Equal(DelegatedCredential.EntityKind, (string?)crd["names"]!["kind"]);
        Assert.Equal((string?)crd["names"]!["listKind"], new DelegatedCredentialList().Kind);
    }
}
