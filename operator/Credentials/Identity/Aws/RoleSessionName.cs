using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// The STS <c>RoleSessionName</c> for a DelegatedCredential: <c>{namespace}.{name}</c>, so CloudTrail shows which
/// object assumed the role. Deterministic, within STS's rules (<c>[\w+=,.@-]</c>, 2–64 characters), and
/// collision-resistant: a namespace is a DNS label (no dot), so the first dot separates the parts; when the
/// result would be too long or needs characters replaced, it is cut and suffixed with a hash of the full pair.
/// </summary>
internal static partial class RoleSessionName
{
    public const int MaxLength = 64;
    private const int HashLength = 16;

    public static string For(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var candidate = $"{@namespace}.{name}";
        var safe = Disallowed().Replace(candidate, "-");
        if (safe == candidate && safe.Length <= MaxLength)
        {
            return safe;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{@namespace}/{name}")))[..HashLength];
        var keep = Math.Min(safe.Length, MaxLength - HashLength - 1);
        return $"{safe[..keep]}-{hash}";
    }

    public static bool IsValid(string sessionName) =>
        sessionName.Length is >= 2 and <= MaxLength && !Disallowed().IsMatch(sessionName);

    [GeneratedRegex(@"[^A-Za-z0-9_+=,.@-]", RegexOptions.CultureInvariant)]
    private static partial Regex Disallowed();
}
