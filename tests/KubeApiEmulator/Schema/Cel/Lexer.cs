using System.Globalization;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>CEL's lexical grammar: numbers (decimal, hex, `u` suffix, doubles), quoted/raw/triple strings, identifiers, operators.</summary>
internal static class Lexer
{
    private static readonly string[] s_operators =
        ["==", "!=", "<=", ">=", "&&", "||", "?.", "[?", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && (char.IsWhiteSpace(source[i]) || IsComment(source, i)))
            {
                if (IsComment(source, i))
                {
                    while (i < source.Length && source[i] != '\n')
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
            }
            if (i >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", null, i));
                return tokens;
            }
            tokens.Add(Next(source, ref i));
        }
    }

    private static bool IsComment(string s, int i) => s[i] == '/' && i + 1 < s.Length && s[i + 1] == '/';

    private static Token Next(string s, ref int i)
    {
        var start = i;
        var c = s[i];
        if (char.IsDigit(c) || (c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1])))
        {
            return Number(s, ref i);
        }
        if (c is '"' or '\'')
        {
            return new Token(TokenKind.String, "", StringLiterals.Read(s, ref i, raw: false), start);
        }
        if (char.IsLetter(c) || c == '_')
        {
            while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
            {
                i++;
            }
            var word = s[start..i];
            if (i < s.Length && s[i] is '"' or '\'' && word is "r" or "R")
            {
                return new Token(TokenKind.String, "", StringLiterals.Read(s, ref i, raw: true), start);
            }
            if (i < s.Length && s[i] is '"' or '\'' && word is "b" or "B" or "rb" or "br" or "RB" or "BR" or "Rb" or "bR" or "rB" or "Br")
            {
                throw new CelUnsupportedException("bytes literals");
            }
            return new Token(TokenKind.Ident, word, null, start);
        }
        foreach (var op in s_operators)
        {
            if (string.CompareOrdinal(s, i, op, 0, op.Length) == 0)
            {
                i += op.Length;
                return new Token(TokenKind.Operator, op, null, start);
            }
        }
        throw new CelUnsupportedException($"unexpected character '{c}' at {i}");
    }

    private static Token Number(string s, ref int i)
    {
        var start = i;
        if (s[i] == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'X')
        {
            return HexNumber(s, ref i);
        }
        var isDouble = false;
        while (i < s.Length && char.IsDigit(s[i]))
        {
            i++;
        }
        if (i < s.Length && s[i] == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < s.Length && char.IsDigit(s[i]))
            {
                i++;
            }
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            isDouble = true;
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }
            while (i < s.Length && char.IsDigit(s[i]))
            {
                i++;
            }
        }
        var text = s[start..i];
        if (isDouble)
        {
            return new Token(TokenKind.Double, text, double.Parse(text, CultureInfo.InvariantCulture), start);
        }
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new CelUnsupportedException($"integer literal out of range: {text}");
        }
        return IntOrUint(s, ref i, value, start);
    }

    private static Token HexNumber(string s, ref int i)
    {
        var start = i;
        i += 2;
        while (i < s.Length && Uri.IsHexDigit(s[i]))
        {
            i++;
        }
        if (!ulong.TryParse(s[(start + 2)..i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            throw new CelUnsupportedException($"hex literal out of range: {s[start..i]}");
        }
        return IntOrUint(s, ref i, hex, start);
    }

    private static Token IntOrUint(string s, ref int i, ulong value, int start)
    {
        if (i < s.Length && s[i] is 'u' or 'U')
        {
            i++;
            return new Token(TokenKind.Uint, s[start..i], value, start);
        }
        // 9223372036854775808 is only valid as the operand of unary minus; the parser folds it.
        return new Token(TokenKind.Int, s[start..i], value, start);
    }
}
