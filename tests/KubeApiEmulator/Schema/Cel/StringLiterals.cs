using System.Text;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>CEL string literals: single, double or triple quoted, raw (`r'…'`), with CEL's escapes.</summary>
internal static class StringLiterals
{
    public static string Read(string s, ref int i, bool raw)
    {
        var quote = s[i];
        var triple = i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote;
        i += triple ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= s.Length || (!triple && s[i] == '\n'))
            {
                throw new CelUnsupportedException("unterminated string literal");
            }
            if (triple ? string.CompareOrdinal(s, i, new string(quote, 3), 0, 3) == 0 : s[i] == quote)
            {
                i += triple ? 3 : 1;
                return sb.ToString();
            }
            if (s[i] == '\\' && !raw)
            {
                i++;
                sb.Append(Escape(s, ref i));
                continue;
            }
            sb.Append(s[i++]);
        }
    }

    private static string Escape(string s, ref int i)
    {
        var c = s[i++];
        switch (c)
        {
            case 'a': return "\a";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'v': return "\v";
            case '\\' or '\'' or '"' or '`' or '?': return c.ToString();
            case 'x' or 'X': return Code(s, ref i, 2, 16);
            case 'u': return Code(s, ref i, 4, 16);
            case 'U': return Code(s, ref i, 8, 16);
            case >= '0' and <= '3':
                i--;
                return Code(s, ref i, 3, 8);
            default: throw new CelUnsupportedException($"invalid escape \\{c}");
        }
    }

    private static string Code(string s, ref int i, int length, int radix)
    {
        if (i + length > s.Length)
        {
            throw new CelUnsupportedException("truncated escape");
        }
        var code = Convert.ToInt32(s.Substring(i, length), radix);
        i += length;
        return char.ConvertFromUtf32(code);
    }
}
