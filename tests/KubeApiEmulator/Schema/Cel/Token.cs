namespace Operator.Testing.KubeApi.Schema.Cel;

internal enum TokenKind
{
    Int,
    Uint,
    Double,
    String,
    Ident,
    Operator,
    End,
}

/// <summary>A lexical token; <see cref="Value"/> holds the decoded literal for numbers and strings.</summary>
internal sealed record Token(TokenKind Kind, string Text, object? Value, int Position);
