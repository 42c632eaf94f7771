using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Errors;

/// <summary>
/// The Status errors of apimachinery's errors.go (S1, S2). Keys are added in Go's struct order because
/// clients and tests compare bodies textually; empty fields are left out as Go's omitempty does.
/// </summary>
internal static class StatusErrors
{
    public static KubeApiException NotFound(ResourceType type, string name) =>
        New(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Details(name, type.Group, type.Plural));

    public static KubeApiException AlreadyExists(ResourceType type, string name, bool terminating = false) =>
        New(409, "AlreadyExists", $"{(terminating ? "object is being deleted: " : "")}{type.QualifiedResource} \"{name}\" already exists",
            Details(name, type.Group, type.Plural));

    public static KubeApiException Conflict(ResourceType type, string name, string detail) =>
        New(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {detail}",
            Details(name, type.Group, type.Plural));

    public static KubeApiException StaleResourceVersion(ResourceType type, string name) => Conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");

    public static KubeApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldCause> causes) =>
        Invalid(type.QualifiedKind, type.Group, type.Kind, name, causes);

    /// <summary>422 with message `Kind.group "name" is invalid: field: message` (several: `[e1, e2]`).</summary>
    public static KubeApiException Invalid(string qualifiedKind, string group, string kind, string name, IReadOnlyList<FieldCause> causes)
    {
        var parts = causes.Select(c => string.IsNullOrEmpty(c.Field) ? c.Message : $"{c.Field}: {c.Message}").ToList();
        var joined = parts.Count == 1 ? parts[0] : $"[{string.Join(", ", parts)}]";
        var details = Details(name, group, kind);
        var list = new JsonArray();
        foreach (var cause in causes)
        {
            list.Add(new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message, ["field"] = cause.Field });
        }
        details["causes"] = list;
        return New(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }

    public static KubeApiException BadRequest(string message) => New(400, "BadRequest", message, null);

    public static KubeApiException Forbidden(string message, ResourceType? type = null, string name = "") =>
        New(403, "Forbidden", message, type is null ? null : Details(name, type.Group, type.Plural));

    public static KubeApiException Expired(string message) => New(410, "Expired", message, null);

    public static KubeApiException MethodNotAllowed(string message) => New(405, "MethodNotAllowed", message, null);

    public static KubeApiException UnsupportedMediaType(string accepted) =>
        New(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {accepted}", null);

    public static KubeApiException Unauthorized() => New(401, "Unauthorized", "Unauthorized", null);

    public static KubeApiException ResourceNotFound() =>
        New(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static KubeApiException InternalError(string message) =>
        New(500, "InternalError", $"Internal error occurred: {message}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static KubeApiException New(int code, string reason, string message, JsonObject? details, int retryAfterSeconds = 0)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            if (retryAfterSeconds > 0)
            {
                details["retryAfterSeconds"] = retryAfterSeconds;
            }
            status["details"] = details;
        }
        status["code"] = code;
        return new KubeApiException(code, status, retryAfterSeconds);
    }

    /// <summary>details with name, group (omitted for core), kind, in that order.</summary>
    public static JsonObject Details(string name, string group, string kind)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (!string.IsNullOrEmpty(group))
        {
            details["group"] = group;
        }
        details["kind"] = kind;
        return details;
    }
}
