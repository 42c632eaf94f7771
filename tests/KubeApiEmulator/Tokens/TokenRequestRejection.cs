using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>A TokenRequest the server refuses, as the Status kube-apiserver would answer with.</summary>
internal sealed record TokenRequestRejection(int Code, string Reason, string Message, JsonObject? Details)
{
    private const string Qualified = "TokenRequest.authentication.k8s.io";

    public static TokenRequestRejection NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", new JsonObject { ["name"] = name, ["kind"] = resource });

    public static TokenRequestRejection BadRequest(string message) => new(400, "BadRequest", message, null);

    /// <param name="resource">Kubernetes words it with the Kind here (`Secret`), not the plural.</param>
    public static TokenRequestRejection Conflict(string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": {why}",
            new JsonObject { ["name"] = name, ["kind"] = resource });

    /// <summary>One field error; <paramref name="shownValue"/> is already rendered Go-style (quoted strings, bare numbers).</summary>
    public static TokenRequestRejection Invalid(string objectName, string field, string shownValue, string detail)
    {
        var cause = $"Invalid value: {shownValue}: {detail}";
        return new(422, "Invalid", $"{Qualified} \"{objectName}\" is invalid: {field}: {cause}", new JsonObject
        {
            ["name"] = objectName == "" ? null : objectName,
            ["group"] = "authentication.k8s.io",
            ["kind"] = "TokenRequest",
            ["causes"] = new JsonArray(new JsonObject
            {
                ["reason"] = "FieldValueInvalid",
                ["message"] = cause,
                ["field"] = field,
            }),
        });
    }

    /// <summary>The `meta/v1` Status body, keys in Go's order, empty members left out.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            var details = (JsonObject)Details.DeepClone();
            foreach (var key in details.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                details.Remove(key);
            }

            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }
}
