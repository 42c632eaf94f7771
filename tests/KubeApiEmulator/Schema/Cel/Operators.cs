namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// CEL's strict binary operators with its overloads: no implicit numeric conversion in arithmetic,
/// checked int/uint overflow, int division truncating toward zero, timestamp/duration arithmetic.
/// </summary>
internal static class Operators
{
    public static object? Apply(string op, object? l, object? r) => op switch
    {
        "==" => CelValues.Equal(l, r),
        "!=" => !CelValues.Equal(l, r),
        "<" => Compare(op, l, r) < 0,
        "<=" => Compare(op, l, r) <= 0,
        ">" => Compare(op, l, r) > 0,
        ">=" => Compare(op, l, r) >= 0,
        "in" => In(l, r),
        "+" => Add(l, r),
        "-" => Subtract(l, r),
        "*" => Multiply(l, r),
        "/" => Divide(l, r),
        "%" => Modulo(l, r),
        _ => throw NoOverload(op, l, r),
    };

    public static CelUnsupportedException NoOverload(string op, params object?[] args) =>
        new($"no such overload: {op}({string.Join(", ", args.Select(TypeName))})");

    public static string TypeName(object? v) => v switch
    {
        null => "null_type",
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        bool => "bool",
        List<object?> => "list",
        Dictionary<object, object?> => "map",
        TimeSpan => "google.protobuf.Duration",
        DateTimeOffset => "google.protobuf.Timestamp",
        KubeUrl => "kubernetes.URL",
        _ => v.GetType().Name,
    };

    private static int Compare(string op, object? l, object? r) => CelValues.Compare(l, r) ?? throw NoOverload(op, l, r);

    private static bool In(object? element, object? container) => container switch
    {
        List<object?> list => list.Any(item => CelValues.Equal(item, element)),
        Dictionary<object, object?> map => element is not null && map.ContainsKey(element),
        _ => throw NoOverload("in", element, container),
    };

    private static object? Checked(Func<object> operation)
    {
        try
        {
            return operation();
        }
        catch (OverflowException)
        {
            return CelError.Overflow;
        }
    }

    private static object? Add(object? l, object? r) => (l, r) switch
    {
        (long a, long b) => Checked(() => checked(a + b)),
        (ulong a, ulong b) => Checked(() => checked(a + b)),
        (double a, double b) => a + b,
        (string a, string b) => a + b,
        (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
        (TimeSpan a, TimeSpan b) => Checked(() => a + b),
        (DateTimeOffset a, TimeSpan b) => Checked(() => a + b),
        (TimeSpan a, DateTimeOffset b) => Checked(() => b + a),
        _ => throw NoOverload("+", l, r),
    };

    private static object? Subtract(object? l, object? r) => (l, r) switch
    {
        (long a, long b) => Checked(() => checked(a - b)),
        (ulong a, ulong b) => Checked(() => checked(a - b)),
        (double a, double b) => a - b,
        (TimeSpan a, TimeSpan b) => Checked(() => a - b),
        (DateTimeOffset a, TimeSpan b) => Checked(() => a - b),
        (DateTimeOffset a, DateTimeOffset b) => Checked(() => a - b),
        _ => throw NoOverload("-", l, r),
    };

    private static object? Multiply(object? l, object? r) => (l, r) switch
    {
        (long a, long b) => Checked(() => checked(a * b)),
        (ulong a, ulong b) => Checked(() => checked(a * b)),
        (double a, double b) => a * b,
        _ => throw NoOverload("*", l, r),
    };

    private static object? Divide(object? l, object? r) => (l, r) switch
    {
        (long, 0L) => CelError.DivisionByZero,
        (long a, long b) => a == long.MinValue && b == -1 ? CelError.Overflow : a / b,
        (ulong, 0UL) => CelError.DivisionByZero,
        (ulong a, ulong b) => a / b,
        (double a, double b) => a / b,
        _ => throw NoOverload("/", l, r),
    };

    private static object? Modulo(object? l, object? r) => (l, r) switch
    {
        (long, 0L) => CelError.ModulusByZero,
        (long a, long b) => a == long.MinValue && b == -1 ? CelError.Overflow : a % b,
        (ulong, 0UL) => CelError.ModulusByZero,
        (ulong a, ulong b) => a % b,
        _ => throw NoOverload("%", l, r),
    };
}
