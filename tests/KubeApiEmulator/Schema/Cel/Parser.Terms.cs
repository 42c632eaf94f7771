namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>The parser's primary terms: literals, identifiers, calls, parentheses, list and map literals.</summary>
internal sealed partial class Parser
{
    private Expr Primary()
    {
        var token = _tokens[_pos++];
        switch (token.Kind)
        {
            case TokenKind.Int:
                var value = (ulong)token.Value!;
                return value <= long.MaxValue ? new LiteralExpr((long)value) : throw new CelUnsupportedException("integer literal out of range");
            case TokenKind.Uint:
                return new LiteralExpr((ulong)token.Value!);
            case TokenKind.Double:
            case TokenKind.String:
                return new LiteralExpr(token.Value);
            case TokenKind.Ident:
                return IdentOrCall(token.Text);
        }
        if (token.Text == "(")
        {
            var inner = Conditional();
            Expect(")");
            return inner;
        }
        if (token.Text == "[")
        {
            return new ListExpr(Arguments("]"));
        }
        if (token.Text == "{")
        {
            return MapLiteral();
        }
        throw new CelUnsupportedException($"unexpected '{token.Text}' at {token.Position}");
    }

    private Expr IdentOrCall(string name)
    {
        switch (name)
        {
            case "true": return new LiteralExpr(true);
            case "false": return new LiteralExpr(false);
            case "null": return new LiteralExpr(null);
        }
        if (IsOp("{"))
        {
            throw new CelUnsupportedException("message construction");
        }
        if (!Accept("("))
        {
            return new IdentExpr(name);
        }
        var args = Arguments(")");
        return MacroExpander.GlobalCall(name, args);
    }

    private MapExpr MapLiteral()
    {
        var entries = new List<KeyValuePair<Expr, Expr>>();
        while (!Accept("}"))
        {
            var key = Conditional();
            Expect(":");
            entries.Add(KeyValuePair.Create(key, Conditional()));
            if (!Accept(","))
            {
                Expect("}");
                break;
            }
        }
        return new MapExpr(entries);
    }

    private List<Expr> Arguments(string close)
    {
        var args = new List<Expr>();
        while (!Accept(close))
        {
            args.Add(Conditional());
            if (!Accept(","))
            {
                Expect(close);
                break;
            }
        }
        return args;
    }

    private string Identifier()
    {
        var token = _tokens[_pos++];
        return token.Kind == TokenKind.Ident ? token.Text : throw new CelUnsupportedException($"expected identifier at {token.Position}");
    }
}
