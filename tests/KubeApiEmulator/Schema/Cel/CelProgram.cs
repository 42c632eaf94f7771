using System.Collections.Concurrent;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>A parsed rule and whether it is a transition rule (mentions `oldSelf`).</summary>
internal sealed record CelProgram(Expr Root, bool UsesOldSelf)
{
    /// <summary>
    /// Programs by source, as the apiserver compiles a CRD's rules and a policy's expressions once, not per request (parsing
    /// them on every create was a visible share of the emulator's CPU at 10,000 objects). Parsed trees are immutable. Bounded:
    /// past this many sources, programs are compiled and not kept.
    /// </summary>
    private const int Kept = 4_096;

    private static readonly ConcurrentDictionary<string, CelProgram> s_compiled = new(StringComparer.Ordinal);

    /// <exception cref="CelUnsupportedException">The source is outside the supported subset.</exception>
    public static CelProgram Compile(string source)
    {
        if (s_compiled.TryGetValue(source, out var compiled))
        {
            return compiled;
        }

        var root = Parser.Parse(source);
        compiled = new CelProgram(root, Mentions(root, "oldSelf"));
        if (s_compiled.Count < Kept)
        {
            s_compiled.TryAdd(source, compiled);
        }
        return compiled;
    }

    public object? Evaluate(object? self, object? oldSelf, bool hasOldSelf)
    {
        var scope = new Scope("self", self, null);
        if (hasOldSelf)
        {
            scope = new Scope("oldSelf", oldSelf, scope);
        }
        return Evaluator.Eval(Root, scope);
    }

    /// <summary>Evaluates with named variables (admission policies: object, oldObject, request, authorizer, params, variables).</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> variables)
    {
        Scope? scope = null;
        foreach (var (name, value) in variables)
        {
            scope = new Scope(name, value, scope);
        }
        return Evaluator.Eval(Root, scope ?? new Scope("", null, null));
    }

    private static bool Mentions(Expr e, string name) => e switch
    {
        IdentExpr id => id.Name == name,
        SelectExpr s => Mentions(s.Operand, name),
        CallExpr c => (c.Target is not null && Mentions(c.Target, name)) || c.Args.Any(a => Mentions(a, name)),
        IndexExpr i => Mentions(i.Operand, name) || Mentions(i.Key, name),
        ListExpr l => l.Elements.Any(x => Mentions(x, name)),
        MapExpr m => m.Entries.Any(p => Mentions(p.Key, name) || Mentions(p.Value, name)),
        UnaryExpr u => Mentions(u.Operand, name),
        BinaryExpr b => Mentions(b.Left, name) || Mentions(b.Right, name),
        ConditionalExpr c => Mentions(c.Condition, name) || Mentions(c.Then, name) || Mentions(c.Else, name),
        MacroExpr m => Mentions(m.Range, name) || (m.Variable != name && (Mentions(m.Body, name) || (m.Filter is not null && Mentions(m.Filter, name)))),
        _ => false,
    };
}
