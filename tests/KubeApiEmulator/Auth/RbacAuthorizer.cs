using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Auth;

/// <summary>An authorizer's answer: allowed or not, and the reason kube-apiserver gives (empty when nothing matched).</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason);

/// <summary>
/// RBAC over the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings in the store, as
/// plugin/pkg/auth/authorizer/rbac/rbac.go evaluates them: ClusterRoleBindings everywhere, RoleBindings in their own
/// namespace; rules match on verbs (`*`), apiGroups (`*`), resources (`*`, `resource/sub`, `*/sub`), resourceNames,
/// nonResourceURLs (`*`, `prefix*`). A ClusterRole with an aggregationRule has the rules of every ClusterRole its
/// selectors match (the aggregation controller's result, computed on each check). system:masters is always allowed
/// (the apiserver's privileged group). A binding whose role is missing adds `RBAC: … not found` to the reason.
/// </summary>
internal sealed class RbacAuthorizer(ClusterState cluster)
{
    public AuthorizationDecision Authorize(UserInfo user, RequestAttributes request)
    {
        if (user.IsMaster)
        {
            return new(true, "");
        }
        var errors = new List<string>();
        foreach (var binding in Items(BuiltinResources.ClusterRoleBindings, null))
        {
            if (Binds(binding, "", user) && RulesOf(binding, "", errors).Any(r => Matches(r, request)))
            {
                return new(true, $"RBAC: allowed by {Describe(binding, "")}");
            }
        }
        if (request.Namespace.Length > 0)
        {
            foreach (var binding in Items(BuiltinResources.RoleBindings, request.Namespace))
            {
                if (Binds(binding, request.Namespace, user) && RulesOf(binding, request.Namespace, errors).Any(r => Matches(r, request)))
                {
                    return new(true, $"RBAC: allowed by {Describe(binding, request.Namespace)}");
                }
            }
        }
        return new(false, errors.Count == 0 ? "" : $"RBAC: {(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]")}");
    }

    /// <summary>The shared copies (<see cref="ResourceStore.Shared"/>): RBAC objects change rarely and are read on every request.</summary>
    private IEnumerable<JsonObject> Items(ResourceType type, string? ns) =>
        cluster.Store.Shared(type.StorageKey).Items.Where(o => ns is null || o["metadata"]?["namespace"]?.GetValue<string>() == ns);

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : "";

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(Str)] : [];

    private static bool Binds(JsonObject binding, string bindingNamespace, UserInfo user) =>
        binding["subjects"] is JsonArray subjects && subjects.OfType<JsonObject>().Any(s => Str(s["kind"]) switch
        {
            "User" => Str(s["name"]) == user.Name,
            "Group" => user.Groups.Contains(Str(s["name"])),
            "ServiceAccount" => UserInfo.ServiceAccountName(Str(s["namespace"]) is { Length: > 0 } ns ? ns : bindingNamespace, Str(s["name"])) == user.Name,
            _ => false,
        });

    private IEnumerable<JsonObject> RulesOf(JsonObject binding, string bindingNamespace, List<string> errors)
    {
        var kind = Str(binding["roleRef"]?["kind"]);
        var name = Str(binding["roleRef"]?["name"]);
        var role = kind == "ClusterRole"
            ? cluster.Store.Shared(BuiltinResources.ClusterRoles.StorageKey).Get(new ObjectKey("", name))
            : cluster.Store.Shared(BuiltinResources.Roles.StorageKey).Get(new ObjectKey(bindingNamespace, name));
        if (role is null)
        {
            errors.Add(kind == "ClusterRole"
                ? $"clusterrole.rbac.authorization.k8s.io \"{name}\" not found"
                : $"role.rbac.authorization.k8s.io \"{name}\" not found");
            return [];
        }
        return kind == "ClusterRole" ? ClusterRoleRules(role) : Rules(role);
    }

    private static IEnumerable<JsonObject> Rules(JsonObject role) => role["rules"] is JsonArray rules ? rules.OfType<JsonObject>() : [];

    /// <summary>The rules of a ClusterRole, with aggregated ones added when it has an aggregationRule.</summary>
    public IEnumerable<JsonObject> ClusterRoleRules(JsonObject role)
    {
        if (role["aggregationRule"]?["clusterRoleSelectors"] is not JsonArray selectors)
        {
            return Rules(role);
        }
        var selected = Items(BuiltinResources.ClusterRoles, null)
            .Where(other => Str(other["metadata"]?["name"]) != Str(role["metadata"]?["name"])
                && selectors.OfType<JsonObject>().Any(s => LabelsMatch(s, other["metadata"]?["labels"] as JsonObject)));
        return [.. Rules(role), .. selected.SelectMany(Rules)];
    }

    /// <summary>A label selector's matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist).</summary>
    public static bool LabelsMatch(JsonObject selector, JsonObject? labels)
    {
        string? Label(string key) => labels?[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (selector["matchLabels"] is JsonObject matchLabels && matchLabels.Any(p => Label(p.Key) != Str(p.Value)))
        {
            return false;
        }
        foreach (var expression in (selector["matchExpressions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var value = Label(Str(expression["key"]));
            var values = Strings(expression["values"]);
            var ok = Str(expression["operator"]) switch
            {
                "In" => value is not null && values.Contains(value),
                "NotIn" => value is null || !values.Contains(value),
                "Exists" => value is not null,
                "DoesNotExist" => value is null,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool Matches(JsonObject rule, RequestAttributes request)
    {
        var verbs = Strings(rule["verbs"]);
        if (!verbs.Contains("*") && !verbs.Contains(request.Verb))
        {
            return false;
        }
        if (!request.IsResourceRequest)
        {
            return Strings(rule["nonResourceURLs"]).Any(url => url == "*" || url == request.Path
                || (url.EndsWith('*') && request.Path.StartsWith(url[..^1], StringComparison.Ordinal)));
        }
        var groups = Strings(rule["apiGroups"]);
        if (!groups.Contains("*") && !groups.Contains(request.ApiGroup))
        {
            return false;
        }
        var resources = Strings(rule["resources"]);
        var resourceMatch = resources.Any(r => r == "*" || r == request.CombinedResource
            || (request.Subresource.Length > 0 && r == $"*/{request.Subresource}"));
        if (!resourceMatch)
        {
            return false;
        }
        var names = Strings(rule["resourceNames"]);
        return names.Count == 0 || names.Contains(request.Name);
    }

    private static string Describe(JsonObject binding, string ns)
    {
        var kind = Str(binding["kind"]);
        var name = Str(binding["metadata"]?["name"]);
        var who = binding["subjects"] is JsonArray subjects && subjects.FirstOrDefault() is JsonObject s
            ? Str(s["kind"]) == "ServiceAccount"
                ? $"ServiceAccount \"{Str(s["name"])}/{(Str(s["namespace"]) is { Length: > 0 } sns ? sns : ns)}\""
                : $"{Str(s["kind"])} \"{Str(s["name"])}\""
            : "";
        var bindingName = kind == "RoleBinding" ? $"\"{name}/{ns}\"" : $"\"{name}\"";
        return $"{(kind.Length > 0 ? kind : ns.Length > 0 ? "RoleBinding" : "ClusterRoleBinding")} {bindingName} of {Str(binding["roleRef"]?["kind"])} \"{Str(binding["roleRef"]?["name"])}\" to {who}";
    }
}
