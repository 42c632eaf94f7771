namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// Recursive-descent parser for CEL's grammar (precedence: `?:`, `||`, `&amp;&amp;`, relations and `in`,
/// `+ -`, `* / %`, unary `! -`, member/index/call). Macros are expanded at parse time as in cel-go.
/// Constructs outside the subset throw <see cref="CelUnsupportedException"/>.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> s_relations = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly HashSet<string> s_macros = ["all", "exists", "exists_one", "filter", "map"];
    private readonly List<Token> _tokens;
    private int _pos;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static Expr Parse(string source)
    {
        var parser = new Parser(Lexer.Tokenize(source));
        var expr = parser.Conditional();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw new CelUnsupportedException($"unexpected '{parser.Peek.Text}' at {parser.Peek.Position}");
        }
        return expr;
    }

    private Token Peek => _tokens[_pos];

    private bool IsOp(string op) => Peek.Kind == TokenKind.Operator && Peek.Text == op;

    private bool Accept(string op)
    {
        if (!IsOp(op))
        {
            return false;
        }
        _pos++;
        return true;
    }

    private void Expect(string op)
    {
        if (!Accept(op))
        {
            throw new CelUnsupportedException($"expected '{op}' at {Peek.Position}");
        }
    }

    private Expr Conditional()
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }
        var then = Or();
        Expect(":");
        return new ConditionalExpr(condition, then, Conditional());
    }

    private Expr Or()
    {
        var left = And();
        while (Accept("||"))
        {
            left = new BinaryExpr("||", left, And());
        }
        return left;
    }

    private Expr And()
    {
        var left = Relation();
        while (Accept("&&"))
        {
            left = new BinaryExpr("&&", left, Relation());
        }
        return left;
    }

    private Expr Relation()
    {
        var left = Addition();
        while (true)
        {
            if (Peek.Kind == TokenKind.Operator && s_relations.Contains(Peek.Text))
            {
                var op = _tokens[_pos++].Text;
                left = new BinaryExpr(op, left, Addition());
            }
            else if (Peek.Kind == TokenKind.Ident && Peek.Text == "in")
            {
                _pos++;
                left = new BinaryExpr("in", left, Addition());
            }
            else
            {
                return left;
            }
        }
    }

    private Expr Addition()
    {
        var left = Multiplication();
        while (IsOp("+") || IsOp("-"))
        {
            var op = _tokens[_pos++].Text;
            left = new BinaryExpr(op, left, Multiplication());
        }
        return left;
    }

    private Expr Multiplication()
    {
        var left = Unary();
        while (IsOp("*") || IsOp("/") || IsOp("%"))
        {
            var op = _tokens[_pos++].Text;
            left = new BinaryExpr(op, left, Unary());
        }
        return left;
    }

    private Expr Unary()
    {
        if (Accept("!"))
        {
            return new UnaryExpr("!", Unary());
        }
        if (Accept("-"))
        {
            if (Peek.Kind == TokenKind.Int && !IsMemberFollowing())
            {
                var value = (ulong)_tokens[_pos++].Value!;
                return value <= 9223372036854775808UL
                    ? Member(new LiteralExpr(value == 9223372036854775808UL ? long.MinValue : -(long)value))
                    : throw new CelUnsupportedException("integer literal out of range");
            }
            return new UnaryExpr("-", Unary());
        }
        return Member(Primary());
    }

    private bool IsMemberFollowing() => _tokens[_pos + 1] is { Kind: TokenKind.Operator, Text: "." or "[" };

    private Expr Member(Expr operand)
    {
        while (true)
        {
            if (IsOp("?.") || IsOp("[?"))
            {
                throw new CelUnsupportedException("optional field selection");
            }
            if (Accept("."))
            {
                var name = Identifier();
                operand = Accept("(") ? ReceiverCall(operand, name, Arguments(")")) : new SelectExpr(operand, name, false);
            }
            else if (Accept("["))
            {
                var key = Conditional();
                Expect("]");
                operand = new IndexExpr(operand, key);
            }
            else
            {
                return operand;
            }
        }
    }

    private Expr ReceiverCall(Expr target, string name, List<Expr> args)
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
        if (name == "has")
        {
            return args is [SelectExpr select] ? select with { TestOnly = true } : throw new CelUnsupportedException("has() argument must be a field selection");
        }
        return new CallExpr(null, name, args);
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
