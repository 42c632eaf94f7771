namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// Evaluates a parsed CEL expression. Runtime errors are values (<see cref="CelError"/>) so that
/// `&amp;&amp;`, `||` and the macros can absorb them as CEL specifies (commutatively: `err || true` is
/// true); everything else is strict and propagates the first error.
/// </summary>
internal static class Evaluator
{
    public static object? Eval(Expr expr, Scope scope) => expr switch
    {
        LiteralExpr l => l.Value,
        IdentExpr id => scope.TryResolve(id.Name, out var v) ? v : throw new CelUnsupportedException($"undeclared reference to '{id.Name}'"),
        SelectExpr s => Select(Eval(s.Operand, scope), s),
        IndexExpr ix => Strict(Eval(ix.Operand, scope), Eval(ix.Key, scope), Index),
        ListExpr list => EvalList(list, scope),
        MapExpr map => BuildMap(map, scope),
        UnaryExpr u => Unary(u.Operator, Eval(u.Operand, scope)),
        BinaryExpr { Operator: "&&" } b => Logical(b, scope, absorbing: false),
        BinaryExpr { Operator: "||" } b => Logical(b, scope, absorbing: true),
        BinaryExpr b => Strict(Eval(b.Left, scope), Eval(b.Right, scope), (l, r) => Operators.Apply(b.Operator, l, r)),
        ConditionalExpr c => Eval(c.Condition, scope) switch
        {
            CelError e => e,
            bool cond => Eval(cond ? c.Then : c.Else, scope),
            var other => throw Operators.NoOverload("_?_:_", other),
        },
        MacroExpr m => Macros.Evaluate(m, Eval(m.Range, scope), scope),
        CallExpr call => Call(call, scope),
        _ => throw new CelUnsupportedException(expr.GetType().Name),
    };

    private static object? EvalList(ListExpr list, Scope scope)
    {
        var values = list.Elements.Select(e => Eval(e, scope)).ToList();
        return All(values) is { } error ? error : values;
    }

    private static CelError? All(List<object?> values) => values.OfType<CelError>().FirstOrDefault();

    private static object? Strict(object? l, object? r, Func<object?, object?, object?> apply) =>
        l is CelError le ? le : r is CelError re ? re : apply(l, r);

    /// <summary>
    /// `&amp;&amp;` (absorbing false) and `||` (absorbing true): the absorbing value wins over an error on
    /// either side; otherwise an error wins; both operands must be bool.
    /// </summary>
    private static object? Logical(BinaryExpr b, Scope scope, bool absorbing)
    {
        // Like cel-go, the right side is not evaluated once the left side decides the result.
        var l = Eval(b.Left, scope);
        if (l is bool lb && lb == absorbing)
        {
            return absorbing;
        }
        var r = Eval(b.Right, scope);
        if (r is bool rb && rb == absorbing)
        {
            return absorbing;
        }
        if (l is CelError le)
        {
            return le;
        }
        if (r is CelError re)
        {
            return re;
        }
        return l is bool && r is bool ? !absorbing : throw Operators.NoOverload(absorbing ? "_||_" : "_&&_", l, r);
    }

    private static object? Unary(string op, object? value) => (op, value) switch
    {
        (_, CelError e) => e,
        ("!", bool b) => !b,
        ("-", long l) => l == long.MinValue ? CelError.Overflow : -l,
        ("-", double d) => -d,
        ("-", TimeSpan t) => -t,
        _ => throw Operators.NoOverload(op, value),
    };

    private static object? Select(object? operand, SelectExpr s)
    {
        if (operand is CelError e)
        {
            return e;
        }
        if (operand is not Dictionary<object, object?> map)
        {
            throw Operators.NoOverload("." + s.Field, operand);
        }
        var field = FieldNames.Unescape(s.Field);
        if (s.TestOnly)
        {
            return map.ContainsKey(field);
        }
        return map.TryGetValue(field, out var value) ? value : CelError.NoSuchKey(field);
    }

    private static object? Index(object? operand, object? key)
    {
        switch (operand)
        {
            case List<object?> list:
                long index = key switch
                {
                    long l => l,
                    ulong u => (long)u,
                    double d when double.IsInteger(d) => (long)d,
                    _ => throw Operators.NoOverload("_[_]", operand, key),
                };
                return index >= 0 && index < list.Count ? list[(int)index] : CelError.IndexOutOfRange(index, list.Count);
            case Dictionary<object, object?> map:
                return key is not null && map.TryGetValue(key, out var value) ? value : CelError.NoSuchKey(key ?? "null");
            default:
                throw Operators.NoOverload("_[_]", operand, key);
        }
    }

    private static object? BuildMap(MapExpr map, Scope scope)
    {
        var result = new Dictionary<object, object?>(CelValues.KeyComparer.Instance);
        foreach (var (keyExpr, valueExpr) in map.Entries)
        {
            var key = Eval(keyExpr, scope);
            var value = Eval(valueExpr, scope);
            if (key is CelError ke)
            {
                return ke;
            }
            if (value is CelError ve)
            {
                return ve;
            }
            if (key is not (string or long or ulong or bool))
            {
                throw Operators.NoOverload("map key", key);
            }
            result[key] = value;
        }
        return result;
    }

    private static object? Call(CallExpr call, Scope scope)
    {
        var target = call.Target is null ? null : Eval(call.Target, scope);
        var args = call.Args.Select(a => Eval(a, scope)).ToList();
        if (target is CelError te)
        {
            return te;
        }
        return All(args) is { } error ? error : Builtins.Invoke(call.Target is not null, target, call.Function, args);
    }
}
