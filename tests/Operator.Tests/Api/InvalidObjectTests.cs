using System.Text.Json.Nodes;
using Operator.Testing.Harness;

namespace Operator.Tests.Api;

/// <summary>
/// Objects the CRD must refuse at apply time, each with the field kube-apiserver names in the 422's
/// causes, so that `kubectl apply` points the user at what to fix.
/// </summary>
public sealed class InvalidObjectTests
{
    private const string Minimal = "samples/minimal.yaml";

    public static TheoryData<string> Cases => [.. InvalidDelegatedCredentials.All.Keys];

    [Fact]
    public void ObjectWithoutSpec_IsRejected_AtSpec()
    {
        var obj = CrdDocument.Sample(Minimal);
        obj.Remove("spec");

        var (outcome, _) = CrdDocument.Admit(obj);

        Assert.Contains(outcome.Causes, c => c.Field == "spec" && c.Reason == "FieldValueRequired");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidObject_IsRejected_NamingTheField(string name)
    {
        var (sample, mutate, field) = InvalidDelegatedCredentials.All[name];
        var obj = CrdDocument.Sample(sample);
        mutate((JsonObject)obj["spec"]!);

        var (outcome, _) = CrdDocument.Admit(obj);

        Assert.True(outcome.Causes.Any(c => c.Field == field),
            $"expected a cause at {field}; got [{string.Join("; ", outcome.Causes.Select(c => $"{c.Field}: {c.Message}"))}]");
        Assert.Empty(outcome.UnevaluatedRules);
    }
}
