namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// Recursive-descent parser for CEL's grammar (precedence: `?:`, `||`, `&amp;&amp;`, relations and `in`,
/// `+ -`, `* / %`, unary `! -`, member/index/call). Macros are expanded at parse time as in cel-go.
/// Constructs outside the subset throw <see cref="CelUnsupportedException"/>.
/// </summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> s_relations = ["==", "!=", "<", "<=", ">", ">="];
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
                operand = Accept("(") ? MacroExpander.ReceiverCall(operand, name, Arguments(")")) : new SelectExpr(operand, name, false);
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
}
