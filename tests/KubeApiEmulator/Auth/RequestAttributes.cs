using Microsoft.AspNetCore.Http;

namespace Operator.Testing.KubeApi.Auth;

/// <summary>
/// What a request asks to do, as kube-apiserver's RequestInfoFactory (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go)
/// derives it from the URL and method: a resource request (verb, group, resource, subresource, namespace, name) or a
/// non-resource one (path, lower-case method).
/// </summary>
public sealed record RequestAttributes(
    string Verb,
    bool IsResourceRequest,
    string Path,
    string ApiGroup = "",
    string ApiVersion = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "")
{
    public static RequestAttributes ForResource(string verb, string group, string resource, string ns = "", string name = "", string subresource = "",
        string version = "") =>
        new(verb, true, "", group, version, resource, subresource, ns, name);

    public static RequestAttributes ForPath(string verb, string path) => new(verb, false, path);

    /// <summary>`resource/subresource` or `resource`, as RBAC rules name it.</summary>
    public string CombinedResource => Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource;

    public static RequestAttributes From(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = ForPath(request.Method.ToLowerInvariant(), path);
        if (parts.Length < 2 || parts[0] is not ("api" or "apis") || (parts[0] == "apis" && parts.Length < 3))
        {
            return nonResource;
        }
        var (group, version, rest) = parts[0] == "api" ? ("", parts[1], parts[2..]) : (parts[1], parts[2], parts[3..]);
        if (rest.Length == 0)
        {
            return nonResource;
        }
        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            if (rest.Length > 2 && rest[2] is not ("status" or "finalize"))
            {
                rest = rest[2..];
            }
        }
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? rest[2] : "";
        var watch = request.Query["watch"] is var w && (w == "true" || w == "1");
        var verb = request.Method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => name.Length == 0 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        if (name.Length == 0 && verb is "list" or "watch" or "deletecollection" && FieldSelectorName(request) is { } selected)
        {
            name = selected;
        }
        return new(verb, true, path, group, version, rest[0], subresource, ns, name);
    }

    /// <summary>A list or watch with `fieldSelector=metadata.name=x` is authorized as a request for `x`.</summary>
    private static string? FieldSelectorName(HttpRequest request)
    {
        foreach (var term in request.Query["fieldSelector"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && term[..eq].TrimEnd('=') == "metadata.name" && !term[..eq].EndsWith('!'))
            {
                return term[(eq + 1)..].TrimStart('=');
            }
        }
        return null;
    }
}
