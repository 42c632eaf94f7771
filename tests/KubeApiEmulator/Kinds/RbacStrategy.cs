using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>
/// rbac.authorization.k8s.io/v1 objects: unconditional updates (kubectl apply of roles), and the checks of
/// pkg/apis/rbac/validation that catch typos: a rule needs verbs, and a binding a roleRef of kind Role or ClusterRole.
/// </summary>
internal sealed class RbacStrategy : IResourceStrategy
{
    public static RbacStrategy Instance { get; } = new();

    public bool AllowUnconditionalUpdate => true;

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        if (obj["rules"] is JsonArray rules)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i]?["verbs"] is not JsonArray { Count: > 0 })
                {
                    causes.Add(new("FieldValueRequired", "Required value: verbs must contain at least one value", $"rules[{i}].verbs"));
                }
                var hasUrls = rules[i]?["nonResourceURLs"] is JsonArray { Count: > 0 };
                if (!hasUrls && rules[i]?["apiGroups"] is not JsonArray { Count: > 0 })
                {
                    causes.Add(new("FieldValueRequired",
                        "Required value: resource rules must supply at least one api group", $"rules[{i}].apiGroups"));
                }
            }
        }
        if (obj["roleRef"] is { } roleRef && roleRef["kind"]?.GetValue<string>() is not ("Role" or "ClusterRole"))
        {
            causes.Add(new("FieldValueNotSupported",
                $"Unsupported value: \"{roleRef["kind"]?.GetValue<string>()}\": supported values: \"Role\", \"ClusterRole\"", "roleRef.kind"));
        }
        return causes;
    }
}
