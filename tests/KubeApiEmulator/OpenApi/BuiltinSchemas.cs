using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.OpenApi;

/// <summary>
/// Small but valid schemas for the built-in kinds the emulator publishes: the fields an operator and a
/// person running `kubectl explain` touch, not the full upstream definitions.
/// </summary>
internal static class BuiltinSchemas
{
    public static JsonObject ObjectMeta() => Object(
        "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        ("name", Text("Name must be unique within a namespace.")),
        ("generateName", Text("GenerateName is an optional prefix, used by the server, to generate a unique name.")),
        ("namespace", Text("Namespace defines the space within which each name must be unique.")),
        ("uid", Text("UID is the unique in time and space value for this object.")),
        ("resourceVersion", Text("An opaque value that represents the internal version of this object.")),
        ("generation", new JsonObject { ["type"] = "integer", ["format"] = "int64", ["description"] = "A sequence number representing a specific generation of the desired state." }),
        ("creationTimestamp", new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "CreationTimestamp is a timestamp representing the server time when this object was created." }),
        ("deletionTimestamp", new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted." }),
        ("labels", StringMap("Map of string keys and values that can be used to organize and categorize objects.")),
        ("annotations", StringMap("Annotations is an unstructured key value map stored with a resource.")),
        ("finalizers", new JsonObject { ["type"] = "array", ["items"] = Text(""), ["description"] = "Must be empty before the object is deleted from the registry." }),
        ("ownerReferences", new JsonObject
        {
            ["type"] = "array",
            ["description"] = "List of objects depended by this object.",
            ["items"] = Object("OwnerReference contains enough information to let you identify an owning object.",
                ("apiVersion", Text("API version of the referent.")), ("kind", Text("Kind of the referent.")),
                ("name", Text("Name of the referent.")), ("uid", Text("UID of the referent.")),
                ("controller", new JsonObject { ["type"] = "boolean", ["description"] = "If true, this reference points to the managing controller." }),
                ("blockOwnerDeletion", new JsonObject { ["type"] = "boolean", ["description"] = "If true, the owner cannot be deleted before this reference is removed." })),
        }));

    public static JsonObject Namespace() => Object("Namespace provides a scope for Names.",
        ("spec", Object("Spec defines the behavior of the Namespace.", ("finalizers", new JsonObject { ["type"] = "array", ["items"] = Text("") }))),
        ("status", Object("Status describes the current status of a Namespace.", ("phase", Text("Phase is the current lifecycle phase of the namespace.")))));

    public static JsonObject Secret() => Object("Secret holds secret data of a certain type.",
        ("data", new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["format"] = "byte" }, ["description"] = "Data contains the secret data, base64 encoded." }),
        ("stringData", StringMap("stringData allows specifying non-binary secret data in string form; write-only.")),
        ("type", Text("Used to facilitate programmatic handling of secret data.")),
        ("immutable", new JsonObject { ["type"] = "boolean", ["description"] = "If set to true, the data cannot be updated." }));

    public static JsonObject ServiceAccount() => Object("ServiceAccount binds together a name, a principal that can be authenticated, and a set of secrets.",
        ("automountServiceAccountToken", new JsonObject { ["type"] = "boolean", ["description"] = "Whether pods running as this service account should have a token mounted." }));

    public static JsonObject ConfigMap() => Object("ConfigMap holds configuration data for pods to consume.",
        ("data", StringMap("Data contains the configuration data.")));

    private static JsonObject Object(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject { ["type"] = "object", ["description"] = description, ["properties"] = props };
    }

    private static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject StringMap(string description) =>
        new() { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" }, ["description"] = description };
}
