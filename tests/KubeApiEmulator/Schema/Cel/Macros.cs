namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// The comprehension macros over a list's elements or a map's keys, with cel-go's error rules:
/// `all` is false if any element is false (else an error if any), `exists` true if any is true,
/// `exists_one`, `filter` and `map` propagate any error.
/// </summary>
internal static class Macros
{
    public static object? Evaluate(MacroExpr m, object? range, Scope scope)
    {
        if (range is CelError e)
        {
            return e;
        }
        var items = range switch
        {
            List<object?> list => list,
            Dictionary<object, object?> map => map.Keys.Cast<object?>().ToList(),
            _ => throw Operators.NoOverload(m.Macro, range),
        };
        object? Body(object? item, Expr body) => Evaluator.Eval(body, new Scope(m.Variable, item, scope));
        return m.Macro switch
        {
            "all" => Quantify(items.Select(i => Body(i, m.Body)), absorbing: false),
            "exists" => Quantify(items.Select(i => Body(i, m.Body)), absorbing: true),
            "exists_one" => ExistsOne(items.Select(i => Body(i, m.Body))),
            "filter" => Filter(items, i => Body(i, m.Body)),
            "map" => Map(items, m.Filter is null ? null : i => Body(i, m.Filter), i => Body(i, m.Body)),
            _ => throw new CelUnsupportedException($"macro {m.Macro}"),
        };
    }

    private static object? Quantify(IEnumerable<object?> results, bool absorbing)
    {
        CelError? firstError = null;
        foreach (var r in results)
        {
            switch (r)
            {
                case bool b when b == absorbing:
                    return absorbing;
                case bool:
                    break;
                case CelError err:
                    firstError ??= err;
                    break;
                default:
                    throw Operators.NoOverload(absorbing ? "exists" : "all", r);
            }
        }
        return firstError ?? (object)!absorbing;
    }

    private static object? ExistsOne(IEnumerable<object?> results)
    {
        long count = 0;
        foreach (var r in results)
        {
            switch (r)
            {
                case CelError err: return err;
                case true: count++; break;
                case false: break;
                default: throw Operators.NoOverload("exists_one", r);
            }
        }
        return count == 1;
    }

    private static object? Filter(List<object?> items, Func<object?, object?> predicate)
    {
        var kept = new List<object?>();
        foreach (var item in items)
        {
            switch (predicate(item))
            {
                case CelError err: return err;
                case true: kept.Add(item); break;
                case false: break;
                case var other: throw Operators.NoOverload("filter", other);
            }
        }
        return kept;
    }

    private static object? Map(List<object?> items, Func<object?, object?>? filter, Func<object?, object?> transform)
    {
        var mapped = new List<object?>();
        foreach (var item in items)
        {
            if (filter is not null)
            {
                switch (filter(item))
                {
                    case CelError err: return err;
                    case false: continue;
                    case true: break;
                    case var other: throw Operators.NoOverload("map", other);
                }
            }
            var value = transform(item);
            if (value is CelError e)
            {
                return e;
            }
            mapped.Add(value);
        }
        return mapped;
    }
}
