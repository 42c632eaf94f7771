using System.Text.Json.Nodes;

namespace Operator.Tests.Api;

/// <summary>Every sample is admitted by the CRD's schema and CEL rules, as kube-apiserver would admit it.</summary>
public sealed class SampleAdmissionTests
{
    public static TheoryData<string> Samples => [.. RepositoryFiles.Samples()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_IsAdmitted_WithoutCausesOrPrunedFields(string sample)
    {
        var (outcome, _) = CrdDocument.Admit(CrdDocument.Sample(sample));

        Assert.Empty(outcome.Causes);
        Assert.Empty(outcome.UnknownFields);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_IsEvaluated_ByEveryRuleItReaches(string sample)
    {
        var (outcome, _) = CrdDocument.Admit(CrdDocument.Sample(sample));

        Assert.Empty(outcome.UnevaluatedRules);
    }

    [Fact]
    public void MinimalSample_IsDefaulted_WithTheDocumentedTtl()
    {
        var (outcome, admitted) = CrdDocument.Admit(CrdDocument.Sample("samples/minimal.yaml"));

        Assert.Empty(outcome.Causes);
        Assert.Equal("1h", (string?)admitted["spec"]!["ttl"]);
        Assert.False((bool)admitted["spec"]!["suspend"]!);
    }

    [Fact]
    public void StatusWrittenByTheOperator_IsAdmitted()
    {
        var obj = CrdDocument.Sample("samples/datadog.yaml");
        obj["status"] = ValidStatus();

        var (outcome, _) = CrdDocument.Admit(obj, statusOnly: true);

        Assert.Empty(outcome.Causes);
        Assert.Empty(outcome.UnknownFields);
    }

    [Fact]
    public void StatusWithAConditionStatusOutsideTrueFalseUnknown_IsRejected()
    {
        var obj = CrdDocument.Sample("samples/datadog.yaml");
        obj["status"] = ValidStatus();
        obj["status"]!["conditions"]![0]!["status"] = "Maybe";

        var (outcome, _) = CrdDocument.Admit(obj, statusOnly: true);

        Assert.Contains(outcome.Causes, c => c.Field == "status.conditions[0].status");
    }

    private static JsonObject ValidStatus() => new()
    {
        ["observedGeneration"] = 3,
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Ready",
            ["status"] = "True",
            ["observedGeneration"] = 3,
            ["lastTransitionTime"] = "2026-08-05T12:34:56Z",
            ["reason"] = "Refreshed",
            ["message"] = "Credential issued.",
        }),
        ["provider"] = "aws",
        ["target"] = "datadog",
        ["secretName"] = "datadog",
        ["identity"] = "arn:aws:sts::123456789012:assumed-role/sre-arena/op-sre-arena-datadog",
        ["issuedAt"] = "2026-08-05T12:34:56Z",
        ["expiresAt"] = "2026-08-05T13:34:56Z",
        ["refreshAt"] = "2026-08-05T13:14:56Z",
        ["failures"] = 0,
    };
}
