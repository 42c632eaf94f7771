using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Auth;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema.Cel;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>
/// ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1), run on CREATE and UPDATE after
/// schema validation, as k8s.io/apiserver/pkg/admission/plugin/policy/validating does: a binding applies its policy when
/// both the policy's matchConstraints and the binding's matchResources match (resourceRules, excludeResourceRules,
/// namespaceSelector, objectSelector) and every matchCondition holds; then `variables` and each validation are evaluated
/// with `object`, `oldObject`, `request` (userInfo from the authenticated user), `params` (null: paramRef is not
/// supported), `namespaceObject` and `authorizer` (the same RBAC as requests). A false validation denies with its
/// messageExpression, message or `failed expression: …`; an error denies under failurePolicy Fail (the default).
/// A Deny action answers as dispatcher.go does: admission.NewForbidden's message, reason Invalid (422) unless the
/// validation names another, the message as the one cause. Warn adds a Warning header; Audit is ignored.
/// CEL outside the emulator's subset denies with a message saying so, never passes silently.
/// </summary>
internal static class PolicyAdmission
{
    /// <returns>Warnings from bindings with validationActions Warn.</returns>
    public static List<string> Validate(ClusterState cluster, ResourceType type, string operation, JsonObject obj, JsonObject? old, string? subresource)
    {
        var warnings = new List<string>();
        // Shared copies (ResourceStore.Shared): read on every write, changed rarely; never modified here.
        var bindings = cluster.Store.Shared(BuiltinResources.ValidatingAdmissionPolicyBindings.StorageKey).Items;
        if (bindings.Count == 0)
        {
            return warnings;
        }
        var user = RequestUser.Current;
        var authorizer = new RbacAuthorizer(cluster);
        var metadata = obj["metadata"] as JsonObject;
        var ns = type.Namespaced ? Str(metadata?["namespace"]) : "";
        var name = Str(metadata?["name"]);
        var nsObject = ns.Length > 0 ? cluster.Store.Get(BuiltinResources.Namespaces.StorageKey, new ObjectKey("", ns)) : null;
        foreach (var binding in bindings.OrderBy(b => Str(b["metadata"]?["name"]), StringComparer.Ordinal))
        {
            var policy = cluster.Store.Shared(BuiltinResources.ValidatingAdmissionPolicies.StorageKey).Get(new ObjectKey("", Str(binding["spec"]?["policyName"])));
            if (policy is null
                || !Matches(policy["spec"]?["matchConstraints"] as JsonObject, type, operation, subresource, obj, old, nsObject, required: true)
                || !Matches(binding["spec"]?["matchResources"] as JsonObject, type, operation, subresource, obj, old, nsObject, required: false))
            {
                continue;
            }
            var variables = new Dictionary<string, object?>
            {
                ["object"] = CelValues.FromJson(obj, null),
                ["oldObject"] = old is null ? null : CelValues.FromJson(old, null),
                ["request"] = Request(type, operation, subresource, ns, name, user),
                ["params"] = null,
                ["namespaceObject"] = nsObject is null ? null : CelValues.FromJson(nsObject, null),
                ["authorizer"] = new CelAuthorizer(a => authorizer.Authorize(user, a)),
            };
            var denial = Evaluate((JsonObject)policy["spec"]!, variables);
            if (denial is null)
            {
                continue;
            }
            var policyName = Str(policy["metadata"]?["name"]);
            var bindingName = Str(binding["metadata"]?["name"]);
            var actions = binding["spec"]?["validationActions"] is JsonArray a ? a.Select(Str).ToList() : [];
            if (actions.Contains("Deny"))
            {
                throw Denied(type, name, $"ValidatingAdmissionPolicy '{policyName}' with binding '{bindingName}' denied request: {denial.Value.Message}",
                    denial.Value.Reason);
            }
            if (actions.Contains("Warn"))
            {
                warnings.Add($"Validation failed for ValidatingAdmissionPolicy '{policyName}' with binding '{bindingName}': {denial.Value.Message}");
            }
        }
        return warnings;
    }

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : "";

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(Str)] : [];

    private static KubeApiException Denied(ResourceType type, string name, string message, string reason)
    {
        var details = StatusErrors.Details(name, type.Group, type.Plural);
        details["causes"] = new JsonArray(new JsonObject { ["message"] = message });
        var code = reason switch
        {
            "Forbidden" => 403,
            "Unauthorized" => 401,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        return StatusErrors.New(code, reason, $"{type.QualifiedResource} \"{name}\" is forbidden: {message}", details);
    }

    /// <summary>matchConstraints (required) or a binding's matchResources (absent: everything its policy matches).</summary>
    private static bool Matches(JsonObject? match, ResourceType type, string operation, string? subresource, JsonObject obj, JsonObject? old,
        JsonObject? nsObject, bool required)
    {
        if (match is null)
        {
            return !required;
        }
        var rules = match["resourceRules"] as JsonArray;
        if ((rules is not null || required) && !(rules?.OfType<JsonObject>().Any(r => RuleMatches(r, type, operation, subresource, obj)) ?? false))
        {
            return false;
        }
        if (match["excludeResourceRules"] is JsonArray excluded && excluded.OfType<JsonObject>().Any(r => RuleMatches(r, type, operation, subresource, obj)))
        {
            return false;
        }
        if (match["namespaceSelector"] is JsonObject nsSelector && nsSelector.Count > 0 && type.Namespaced
            && !RbacAuthorizer.LabelsMatch(nsSelector, nsObject?["metadata"]?["labels"] as JsonObject))
        {
            return false;
        }
        if (match["objectSelector"] is JsonObject objectSelector && objectSelector.Count > 0
            && !RbacAuthorizer.LabelsMatch(objectSelector, obj["metadata"]?["labels"] as JsonObject)
            && (old is null || !RbacAuthorizer.LabelsMatch(objectSelector, old["metadata"]?["labels"] as JsonObject)))
        {
            return false;
        }
        return true;
    }

    private static bool RuleMatches(JsonObject rule, ResourceType type, string operation, string? subresource, JsonObject obj)
    {
        static bool Has(List<string> values, string value) => values.Contains("*") || values.Contains(value);
        var resource = subresource is null ? type.Plural : $"{type.Plural}/{subresource}";
        var resources = Strings(rule["resources"]);
        var resourceMatch = resources.Any(r => r == "*" && subresource is null || r == resource
            || (subresource is not null && (r == $"*/{subresource}" || r == $"{type.Plural}/*")));
        var scope = Str(rule["scope"]) is { Length: > 0 } s ? s : "*";
        var names = Strings(rule["resourceNames"]);
        return Has(Strings(rule["apiGroups"]), type.Group) && Has(Strings(rule["apiVersions"]), type.Version)
            && Has(Strings(rule["operations"]), operation) && resourceMatch
            && (scope == "*" || (scope == "Namespaced") == type.Namespaced)
            && (names.Count == 0 || names.Contains(Str(obj["metadata"]?["name"])));
    }

    private static Dictionary<object, object?> Request(ResourceType type, string operation, string? subresource, string ns, string name, UserInfo user)
    {
        static Dictionary<object, object?> Map(params (string Key, object? Value)[] entries)
        {
            var map = new Dictionary<object, object?>(CelValues.KeyComparer.Instance);
            foreach (var (key, value) in entries)
            {
                map[key] = value;
            }
            return map;
        }
        var kind = Map(("group", type.Group), ("version", type.Version), ("kind", type.Kind));
        var resource = Map(("group", type.Group), ("version", type.Version), ("resource", type.Plural));
        var userInfo = Map(("username", user.Name), ("uid", user.Uid), ("groups", user.Groups.Cast<object?>().ToList()));
        return Map(("kind", kind), ("resource", resource), ("subResource", subresource ?? ""), ("requestKind", kind),
            ("requestResource", resource), ("requestSubResource", subresource ?? ""), ("name", name), ("namespace", ns),
            ("operation", operation), ("userInfo", userInfo), ("dryRun", false));
    }

    private readonly record struct Denial(string Message, string Reason);

    /// <summary>The first failing validation of a policy, or null when the policy does not apply or admits the request.</summary>
    private static Denial? Evaluate(JsonObject spec, Dictionary<string, object?> variables)
    {
        var failClosed = Str(spec["failurePolicy"]) != "Ignore";
        foreach (var condition in (spec["matchConditions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var expression = Str(condition["expression"]);
            switch (Run(expression, variables))
            {
                case false:
                    return null;
                case true:
                    break;
                case var other:
                    return failClosed ? new Denial(ErrorMessage(expression, other), "Invalid") : null;
            }
        }
        var declared = new Dictionary<object, object?>(CelValues.KeyComparer.Instance);
        variables["variables"] = declared;
        foreach (var variable in (spec["variables"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            declared[Str(variable["name"])] = Run(Str(variable["expression"]), variables);
        }
        foreach (var validation in (spec["validations"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var expression = Str(validation["expression"]);
            var reason = Str(validation["reason"]) is { Length: > 0 } r ? r : "Invalid";
            switch (Run(expression, variables))
            {
                case true:
                    continue;
                case false:
                    return new Denial(Message(validation, expression, variables), reason);
                case var other when failClosed:
                    return new Denial(ErrorMessage(expression, other), reason);
            }
        }
        return null;
    }

    private static string Message(JsonObject validation, string expression, Dictionary<string, object?> variables)
    {
        if (Str(validation["messageExpression"]) is { Length: > 0 } messageExpression
            && Run(messageExpression, variables) is string text && text.Trim().Length > 0 && !text.Contains('\n'))
        {
            return text.Trim();
        }
        return Str(validation["message"]) is { Length: > 0 } message ? message : $"failed expression: {expression.Trim()}";
    }

    private static string ErrorMessage(string expression, object? result) => result switch
    {
        CelError e => $"expression '{expression}' resulted in error: {e.Message}",
        UnsupportedResult u => $"expression '{expression}' is outside the Kubernetes API emulator's CEL subset: {u.Reason}",
        _ => $"expression '{expression}' resulted in error: no such overload",
    };

    private sealed record UnsupportedResult(string Reason);

    private static object? Run(string expression, Dictionary<string, object?> variables)
    {
        try
        {
            return CelProgram.Compile(expression).Evaluate(variables);
        }
        catch (CelUnsupportedException e)
        {
            return new UnsupportedResult(e.Message);
        }
    }
}
