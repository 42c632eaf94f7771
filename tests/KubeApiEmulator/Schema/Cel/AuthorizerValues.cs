using Operator.Testing.KubeApi.Auth;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>A CEL value with member functions of its own (the Kubernetes authorizer library's builder types).</summary>
internal interface ICelObject
{
    object? Invoke(string name, List<object?> args);
}

/// <summary>
/// The `authorizer` variable of admission policies (k8s.io/apiserver/pkg/cel/library/authz.go):
/// `authorizer.group(g).resource(r).subresource(s).namespace(ns).name(n).check(verb)` and
/// `authorizer.path(p).check(verb)` give a decision with `allowed()`, `reason()`, `errored()`, `error()`;
/// `authorizer.serviceAccount(ns, name)` checks as that ServiceAccount instead of the requesting user.
/// </summary>
internal sealed record CelAuthorizer(Func<RequestAttributes, AuthorizationDecision> Check) : ICelObject
{
    public object? Invoke(string name, List<object?> args) => (name, args.ToArray()) switch
    {
        ("group", [string group]) => new ResourceCheck(this, group, "", "", "", ""),
        ("path", [string path]) => new PathCheck(this, path),
        _ => throw Operators.NoOverload(name, [this, .. args]),
    };

    internal sealed record PathCheck(CelAuthorizer Authorizer, string Path) : ICelObject
    {
        public object? Invoke(string name, List<object?> args) => (name, args.ToArray()) switch
        {
            ("check", [string verb]) => new Decision(Authorizer.Check(RequestAttributes.ForPath(verb, Path))),
            _ => throw Operators.NoOverload(name, [this, .. args]),
        };
    }

    internal sealed record ResourceCheck(CelAuthorizer Authorizer, string Group, string Resource, string Subresource, string Namespace, string Name)
        : ICelObject
    {
        public object? Invoke(string name, List<object?> args) => (name, args.ToArray()) switch
        {
            ("resource", [string resource]) => this with { Resource = resource },
            ("subresource", [string subresource]) => this with { Subresource = subresource },
            ("namespace", [string ns]) => this with { Namespace = ns },
            ("name", [string objectName]) => this with { Name = objectName },
            ("check", [string verb]) => new Decision(Authorizer.Check(
                RequestAttributes.ForResource(verb, Group, Resource, Namespace, Name, Subresource))),
            _ => throw Operators.NoOverload(name, [this, .. args]),
        };
    }

    internal sealed record Decision(AuthorizationDecision Result) : ICelObject
    {
        public object? Invoke(string name, List<object?> args) => (name, args.Count) switch
        {
            ("allowed", 0) => Result.Allowed,
            ("reason", 0) => Result.Reason,
            ("errored", 0) => false,
            ("error", 0) => "",
            _ => throw Operators.NoOverload(name, [this, .. args]),
        };
    }
}
