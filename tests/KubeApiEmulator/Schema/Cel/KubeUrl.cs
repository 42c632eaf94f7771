namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// The Kubernetes CEL URL library (`url()`, `isURL()`, `getScheme()`…), which parses like Go's
/// url.ParseRequestURI: an absolute URL or an absolute path, no fragment handling. Hand-written
/// because System.Uri normalises and rejects inputs Go accepts.
/// </summary>
internal sealed record KubeUrl(string Scheme, string Host, string EscapedPath, string RawQuery)
{
    public static KubeUrl? TryParse(string raw)
    {
        if (raw.Length == 0 || raw.Any(c => c < 0x20 || c == 0x7f))
        {
            return null;
        }
        if (raw.StartsWith('/'))
        {
            var (p, q) = SplitQuery(raw);
            return new KubeUrl("", "", p, q);
        }
        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(raw[0]) || !raw[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            return null;
        }
        var scheme = raw[..colon].ToLowerInvariant();
        var rest = raw[(colon + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            // Opaque URLs (mailto:x) parse; they have no host or path.
            return new KubeUrl(scheme, "", "", "");
        }
        rest = rest[2..];
        var slash = rest.IndexOfAny(['/', '?']);
        var authority = slash < 0 ? rest : rest[..slash];
        var at = authority.LastIndexOf('@');
        var host = at < 0 ? authority : authority[(at + 1)..];
        var (path, query) = SplitQuery(slash < 0 ? "" : rest[slash..]);
        return host.Contains(' ', StringComparison.Ordinal) ? null : new KubeUrl(scheme, host, path, query);
    }

    private static (string Path, string Query) SplitQuery(string s)
    {
        var q = s.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (s, "") : (s[..q], s[(q + 1)..]);
    }

    /// <summary>Host without port; IPv6 brackets removed.</summary>
    public string Hostname
    {
        get
        {
            if (Host.StartsWith('['))
            {
                var close = Host.IndexOf(']', StringComparison.Ordinal);
                return close < 0 ? Host : Host[1..close];
            }
            var colon = Host.LastIndexOf(':');
            return colon < 0 ? Host : Host[..colon];
        }
    }

    public string Port
    {
        get
        {
            var close = Host.LastIndexOf(']');
            var colon = Host.LastIndexOf(':');
            return colon > close ? Host[(colon + 1)..] : "";
        }
    }
}
