namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// Kubernetes' escaping of property names in CEL (`foo-bar` is `self.foo__dash__bar`, a property
/// named like a CEL keyword is `self.__namespace__`).
/// </summary>
internal static class FieldNames
{
    private static readonly HashSet<string> s_reserved =
        ["true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
         "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];

    public static string Unescape(string name)
    {
        if (name.Length > 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal)
            && s_reserved.Contains(name[2..^2]))
        {
            return name[2..^2];
        }
        return name.Replace("__underscores__", "\u0000", StringComparison.Ordinal)
            .Replace("__dot__", ".", StringComparison.Ordinal)
            .Replace("__dash__", "-", StringComparison.Ordinal)
            .Replace("__slash__", "/", StringComparison.Ordinal)
            .Replace("\u0000", "__", StringComparison.Ordinal);
    }
}
