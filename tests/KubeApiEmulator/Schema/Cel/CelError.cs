namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// A CEL runtime error as a value: it flows through expressions until something absorbs it
/// (`false &amp;&amp; err` is false, `true || err` is true) or it becomes the rule's result.
/// Messages are cel-go's (`no such key: foo`, `division by zero`, `integer overflow`).
/// </summary>
internal sealed record CelError(string Message)
{
    public static CelError NoSuchKey(object key) => new($"no such key: {key}");

    public static CelError DivisionByZero { get; } = new("division by zero");

    public static CelError ModulusByZero { get; } = new("modulus by zero");

    public static CelError Overflow { get; } = new("integer overflow");

    public static CelError IndexOutOfRange(long index, int size) => new($"index out of range: {index} (size {size})");
}
