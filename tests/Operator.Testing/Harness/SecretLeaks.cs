using System.Text.RegularExpressions;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Harness;

/// <summary>
/// Finds secret values in captured text (log lines): any secret access key or session token STS issued, any other
/// value a test names, and anything shaped like a JWT (the ServiceAccount tokens the operator minted).
/// </summary>
internal static partial class SecretLeaks
{
    /// <summary>The secret halves of every credential <paramref name="sts"/> issued.</summary>
    public static IEnumerable<string> IssuedBy(StsEmulator sts) => sts.Issued.SelectMany(c => new[] { c.SecretAccessKey, c.SessionToken }).Where(s => s.Length > 0);

    /// <summary>The lines that hold a secret; empty is the only good answer.</summary>
    public static IReadOnlyList<string> In(IEnumerable<string> lines, IEnumerable<string> secrets)
    {
        var values = secrets.ToList();
        return [.. lines.Where(line => Jwt().IsMatch(line) || values.Any(s => line.Contains(s, StringComparison.Ordinal)))];
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.")]
    private static partial Regex Jwt();
}
