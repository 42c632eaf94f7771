namespace Operator.Testing.KubeApi.Http;

/// <summary>
/// A resource URL split into its parts (P1): `[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]` under
/// `/api/v1` or `/apis/{group}/{version}`. `/api/v1/namespaces/{name}[/status|/finalize]` is the Namespace itself.
/// </summary>
internal sealed record ResourcePath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static ResourcePath? Parse(string group, string version, string rest)
    {
        var s = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length == 0)
        {
            return null;
        }
        if (s[0] != "namespaces")
        {
            return s.Length > 3 ? null : new(group, version, null, s[0], At(s, 1), At(s, 2));
        }
        return s.Length switch
        {
            1 or 2 => new(group, version, null, "namespaces", At(s, 1), null),
            3 when group.Length == 0 && s[2] is "status" or "finalize" => new(group, version, null, "namespaces", s[1], s[2]),
            3 or 4 or 5 => new(group, version, s[1], s[2], At(s, 3), At(s, 4)),
            _ => null,
        };
    }

    private static string? At(string[] segments, int index) => index < segments.Length ? segments[index] : null;
}
