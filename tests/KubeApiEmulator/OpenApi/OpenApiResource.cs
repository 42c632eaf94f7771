using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.OpenApi;

/// <summary>One resource as the OpenAPI v3 documents describe it.</summary>
/// <param name="Schema">The object schema (a CRD's `openAPIV3Schema`, or a built-in's minimal one).</param>
internal sealed record OpenApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced, JsonObject Schema)
{
    /// <summary>`dev.delegated.credentials.v1alpha1.DelegatedCredential` or `io.k8s.api.core.v1.Secret`: the
    /// reversed group for CRDs, Go package paths for built-ins, as kube-apiserver names its definitions.</summary>
    public string SchemaName => BuiltinPackage(Group) is { } package
        ? $"io.k8s.api.{package}.{Version}.{Kind}"
        : $"{string.Join('.', Group.Split('.').Reverse())}.{Version}.{Kind}";

    /// <summary>`api/v1` or `apis/{group}/{version}`: the key of the discovery index.</summary>
    public string GroupVersionPath => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    private static string? BuiltinPackage(string group) => group switch
    {
        "" => "core",
        "apps" => "apps",
        "coordination.k8s.io" => "coordination",
        "events.k8s.io" => "events",
        "authentication.k8s.io" => "authentication",
        "apiextensions.k8s.io" => "apiextensions-apiserver.pkg.apis.apiextensions",
        _ => null,
    };
}
