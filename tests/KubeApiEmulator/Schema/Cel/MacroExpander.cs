namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>CEL macros are syntax, expanded at parse time: `has(a.b)` and the list comprehensions.</summary>
internal static class MacroExpander
{
    private static readonly HashSet<string> s_macros = ["all", "exists", "exists_one", "filter", "map"];

    public static Expr GlobalCall(string name, List<Expr> args)
    {
        if (name == "has")
        {
            return args is [SelectExpr select] ? select with { TestOnly = true } : throw new CelUnsupportedException("has() argument must be a field selection");
        }
        return new CallExpr(null, name, args);
    }

    public static Expr ReceiverCall(Expr target, string name, List<Expr> args)
    {
        if (!s_macros.Contains(name))
        {
            return new CallExpr(target, name, args);
        }
        var variable = args.Count >= 2 && args[0] is IdentExpr v ? v.Name : throw new CelUnsupportedException($"macro {name} form");
        return (name, args.Count) switch
        {
            ("map", 3) => new MacroExpr(name, target, variable, args[2], args[1]),
            (_, 2) => new MacroExpr(name, target, variable, args[1], null),
            _ => throw new CelUnsupportedException($"macro {name} with {args.Count} arguments"),
        };
    }
}
