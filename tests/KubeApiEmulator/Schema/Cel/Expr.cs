namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>The CEL syntax tree the parser builds and the evaluator walks.</summary>
internal abstract record Expr;

internal sealed record LiteralExpr(object? Value) : Expr;

internal sealed record IdentExpr(string Name) : Expr;

/// <summary>`operand.field`; with <see cref="TestOnly"/> it is `has(operand.field)`.</summary>
internal sealed record SelectExpr(Expr Operand, string Field, bool TestOnly) : Expr;

/// <summary>A global call (`size(x)`) when <see cref="Target"/> is null, else a receiver call (`x.size()`).</summary>
internal sealed record CallExpr(Expr? Target, string Function, IReadOnlyList<Expr> Args) : Expr;

internal sealed record IndexExpr(Expr Operand, Expr Key) : Expr;

internal sealed record ListExpr(IReadOnlyList<Expr> Elements) : Expr;

internal sealed record MapExpr(IReadOnlyList<KeyValuePair<Expr, Expr>> Entries) : Expr;

internal sealed record UnaryExpr(string Operator, Expr Operand) : Expr;

internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr;

internal sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else) : Expr;

/// <summary>A list macro: `range.all(v, body)`, `exists`, `exists_one`, `filter`, `map(v, body)` or `map(v, filter, body)`.</summary>
internal sealed record MacroExpr(string Macro, Expr Range, string Variable, Expr Body, Expr? Filter) : Expr;
