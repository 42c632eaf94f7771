using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// The STS <c>RoleSessionName</c> for a DelegatedCredential: always <c>{namespace}.{name}</c>, where the name is the
/// object's or <c>spec.provider.aws.sessionName</c>, so CloudTrail (and a trust policy's <c>sts:RoleSessionName</c>
/// condition) sees the namespace that asked: a tenant in namespace <c>a</c> cannot get a session that reads like
/// <c>b.x</c>. Deterministic, within STS's rules (<c>[\w+=,.@-]</c>, 2–64 characters), and collision-resistant: a
/// namespace is a DNS label (no dot), so the first dot separates the parts; when the result would be too long or needs
/// characters replaced, the name part is cut and suffixed with a hash of the full pair, the namespace and its dot kept
/// whole (a 63-character namespace leaves room for nothing else).
/// </summary>
internal static partial class RoleSessionName
{
    public const int MaxLength = 64;
    private const int HashLength = 16;

    public static string For(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var prefix = Disallowed().Replace(@namespace, "-") + ".";
        var candidate = prefix + name;
        var safe = prefix + Disallowed().Replace(name, "-");
        if (safe == candidate && safe.Length <= MaxLength)
        {
            return safe;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{@namespace}/{name}")))[..HashLength];
        var room = MaxLength - prefix.Length;
        if (room <= HashLength)
        {
            return prefix + hash[..Math.Max(0, room)];
        }

        var keep = Math.Min(safe.Length - prefix.Length, room - HashLength - 1);
        return $"{safe[..(prefix.Length + keep)]}-{hash}";
    }

    /// <summary>
    /// The session name for a spec's <c>sessionName</c>: prefixed with the namespace like the default, unless it already
    /// starts with <c>{namespace}.</c> (then it is kept as it is).
    /// </summary>
    public static string ForSpec(string @namespace, string sessionName) =>
        sessionName.StartsWith(@namespace + ".", StringComparison.Ordinal) && sessionName.Length > @namespace.Length + 1
            ? For(@namespace, sessionName[(@namespace.Length + 1)..])
            : For(@namespace, sessionName);

    public static bool IsValid(string sessionName) =>
        sessionName.Length is >= 2 and <= MaxLength && !Disallowed().IsMatch(sessionName);

    [GeneratedRegex(@"[^A-Za-z0-9_+=,.@-]", RegexOptions.CultureInvariant)]
    private static partial Regex Disallowed();
}
