using System.Text.RegularExpressions;

namespace Operator.Credentials;

/// <summary>
/// Removes credentials from text that may carry a response body or request headers (exception messages, STS or
/// vendor error bodies) before it is logged, put in an event or in a condition message (docs/behaviour.md §7).
/// It errs on the side of removing too much: any long base64 run goes, since session tokens have no fixed shape, and
/// so do JWTs, Google <c>ya29.</c> access tokens and hex keys of 32 or 40 characters (Datadog's API and application keys).
/// </summary>
internal static partial class SecretRedaction
{
    public const string Redacted = "[REDACTED]";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = Jwt().Replace(text, Redacted);
        result = GoogleAccessToken().Replace(result, Redacted);
        result = AuthorizationValue().Replace(result, "${name}${sep}" + Redacted);
        result = SchemeValue().Replace(result, "${scheme} " + Redacted);
        result = NamedSecret().Replace(result, "${name}${sep}" + Redacted);
        result = XmlSecret().Replace(result, "<${tag}>" + Redacted + "</${tag}>");
        result = SigV4Signature().Replace(result, "Signature=" + Redacted);
        result = SecretAccessKey().Replace(result, Redacted);
        result = HexKey().Replace(result, Redacted);
        return LongBase64().Replace(result, Redacted);
    }

    /// <summary>An exception's message (and its inner exceptions'), redacted, without stack traces.</summary>
    public static string Redact(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return Redact(string.Join(" ---> ", messages));
    }

    // Three base64url segments, the first starting with '{"' encoded: a JWS (the third may be empty when unsigned).
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    // "Authorization: <anything up to end of line or closing quote>", in headers, JSON or logs.
    [GeneratedRegex(@"(?<name>\bAuthorization""?)(?<sep>\s*[:=]\s*\[?\s*""?)[^""\r\n\]]+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationValue();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Delegated|Basic))\s+[A-Za-z0-9._~+/=|-]{8,}", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeValue();

    [GeneratedRegex(@"(?<name>\b[\w-]*(?:secret_?access_?key|session_?token|security-token|token|api_?key|password)""?)(?<sep>\s*[:=]\s*\[?\s*""?)[^\s""',;\]}&]+", RegexOptions.IgnoreCase)]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"<(?<tag>SecretAccessKey|SessionToken|WebIdentityToken)>[^<]*</\k<tag>>", RegexOptions.IgnoreCase)]
    private static partial Regex XmlSecret();

    [GeneratedRegex(@"Signature=[0-9a-fA-F]{16,}")]
    private static partial Regex SigV4Signature();

    // An AWS secret access key: exactly 40 base64 characters standing alone, mixing cases and digits (which a
    // random key does, and a 40-character name or hex digest rarely does).
    [GeneratedRegex(@"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex SecretAccessKey();

    // A Google OAuth access token ("ya29." and its opaque rest), whatever its length.
    [GeneratedRegex(@"\bya29\.[A-Za-z0-9._~+/=-]+")]
    private static partial Regex GoogleAccessToken();

    // A hex key standing alone: 40 characters (a Datadog application key) or 32 (a Datadog API key). A 40-hex commit
    // id or a 32-hex trace id goes too; no message of ours needs one.
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![A-Za-z0-9_-])")]
    private static partial Regex HexKey();

    [GeneratedRegex(@"[A-Za-z0-9/+_-]{64,}={0,2}")]
    private static partial Regex LongBase64();
}
