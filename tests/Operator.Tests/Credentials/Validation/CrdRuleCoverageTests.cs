using System.Text.Json.Nodes;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Validation;
using Operator.Testing.Harness;
using Operator.Tests.Api;

namespace Operator.Tests.Credentials.Validation;

/// <summary>
/// The validator mirrors the CRD: every <c>x-kubernetes-validations</c> rule and every <c>minProperties</c> /
/// <c>maxProperties</c> under spec has a case in <see cref="InvalidSpecCases"/>, every case is refused by the CRD and by
/// the validator at the same field path, and every sample passes both. A rule added to the CRD without a case here
/// fails <see cref="EveryCrdRule_HasAValidatorCase"/>.
/// </summary>
public sealed class CrdRuleCoverageTests
{
    public static TheoryData<string> Cases => [.. InvalidSpecCases.All.Keys];

    public static TheoryData<string> Samples => [.. RepositoryFiles.Samples()];

    /// <summary>The CRD-refused objects the admission tests use (tests/Operator.Testing); the C# model cannot hold an unknown enum value.</summary>
    public static TheoryData<string> AdmissionCases => [.. InvalidDelegatedCredentials.All.Keys];

    [Fact]
    public void EveryCrdRule_HasAValidatorCase()
    {
        var rules = CrdRules();
        var tags = InvalidSpecCases.All.Values.Select(c => c.Rule).ToHashSet(StringComparer.Ordinal);

        var uncovered = rules.Where(r => !tags.Contains(r.Tag)).Select(r => $"{r.Tag} (at {r.Field})").ToList();

        Assert.True(uncovered.Count == 0, $"CRD rules without a validator case in InvalidSpecCases: {string.Join("; ", uncovered)}");
        Assert.True(rules.Count >= 25, $"found only {rules.Count} rules; is the CRD walk broken?");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_NamesTheRuleItTrips_AtTheRulesField(string name)
    {
        var (rule, _, _, field) = InvalidSpecCases.All[name];
        if (rule == InvalidSpecCases.Schema)
        {
            return;
        }

        var matching = CrdRules().Where(r => r.Tag == rule).ToList();

        Assert.True(matching.Count > 0, $"'{rule}' is not a rule of the CRD (stale tag?)");
        Assert.Contains(field, matching.Select(r => r.Field));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_IsRefusedByTheCrd_AndByTheValidator_AtTheSameField(string name)
    {
        var (rule, sample, mutate, field) = InvalidSpecCases.All[name];
        var obj = CrdDocument.Sample(sample);
        mutate((JsonObject)obj["spec"]!);

        var (outcome, _) = CrdDocument.Admit(obj);

        Assert.Empty(outcome.UnevaluatedRules);
        // A CEL rule's cause carries its message: the case trips that rule, not merely another at the same field.
        Assert.True(outcome.Causes.Any(c => c.Field == field && (!IsCelRule(rule) || c.Message.Contains(rule, StringComparison.Ordinal))),
            $"the CRD: expected a cause at {field} ({rule}); got [{Describe(outcome.Causes.Select(c => (c.Field, c.Message)))}]");
        var violations = DelegatedCredentialValidator.Validate(Spec(obj));
        Assert.True(violations.Any(v => v.Field == field),
            $"the validator: expected a violation at {field}; got [{Describe(violations.Select(v => (v.Field, v.Message)))}]");
    }

    [Theory]
    [MemberData(nameof(AdmissionCases))]
    public void CrdRefusedObject_IsRefusedByTheValidator_AtTheSameField(string name)
    {
        var (sample, mutate, field) = InvalidDelegatedCredentials.All[name];
        var obj = CrdDocument.Sample(sample);
        mutate((JsonObject)obj["spec"]!);

        // Enum values the model does not know included ("http proof kind unknown", "restartOnRotation kind Job"): they
        // are read as Unrecognized (Api/V1Alpha1/LenientEnumConverter) and refused here, naming the field.
        var violations = DelegatedCredentialValidator.Validate(Spec(obj));

        Assert.True(violations.Any(v => v.Field == field),
            $"expected a violation at {field}; got [{Describe(violations.Select(v => (v.Field, v.Message)))}]");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_PassesTheValidator(string sample)
    {
        var violations = DelegatedCredentialValidator.Validate(Spec(CrdDocument.Sample(sample)));

        Assert.True(violations.Count == 0, Describe(violations.Select(v => (v.Field, v.Message))));
    }

    /// <summary>
    /// Every rule under spec: a CEL rule tagged by its message at its path plus its fieldPath, and every
    /// minProperties / maxProperties at its path.
    /// </summary>
    internal static IReadOnlyList<(string Tag, string Field)> CrdRules()
    {
        var spec = (JsonObject)CrdDocument.OpenApiV3Schema["properties"]!["spec"]!;
        var rules = new List<(string, string)>();
        Walk(spec, "spec", rules);
        return rules;
    }

    private static void Walk(JsonObject schema, string path, List<(string, string)> rules)
    {
        if (schema["x-kubernetes-validations"] is JsonArray validations)
        {
            foreach (var validation in validations.Cast<JsonObject>())
            {
                var message = (string?)validation["message"]
                    ?? throw new InvalidDataException($"a rule at {path} has no message; give it one so a case can name it");
                rules.Add((message, path + ((string?)validation["fieldPath"] ?? "")));
            }
        }

        foreach (var keyword in new[] { "minProperties", "maxProperties" })
        {
            if (schema[keyword] is not null)
            {
                rules.Add(($"{keyword} at {path}", path));
            }
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk((JsonObject)child!, $"{path}.{name}", rules);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(items, $"{path}[*]", rules);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, $"{path}.*", rules);
        }
    }

    private static bool IsCelRule(string tag) =>
        tag != InvalidSpecCases.Schema
        && !tag.StartsWith("minProperties at ", StringComparison.Ordinal)
        && !tag.StartsWith("maxProperties at ", StringComparison.Ordinal);

    private static DelegatedCredentialSpec Spec(JsonObject obj) => KubernetesJson.Deserialize<DelegatedCredential>(obj.ToJsonString()).Spec;

    private static string Describe(IEnumerable<(string Field, string Message)> causes) =>
        string.Join("; ", causes.Select(c => $"{c.Field}: {c.Message}"));
}
