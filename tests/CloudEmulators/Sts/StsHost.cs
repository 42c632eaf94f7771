using System.Text.RegularExpressions;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// The region an STS hostname serves, which a SigV4 credential scope must name: <c>sts.amazonaws.com</c> (the
/// global endpoint) is us-east-1, <c>sts.{region}.amazonaws.com</c> is that region. Any other host (the
/// emulator's own 127.0.0.1 address used directly) names no region.
/// </summary>
internal static partial class StsHost
{
    public const string GlobalRegion = "us-east-1";

    /// <summary>Whether <paramref name="host"/> (with or without a port) is an STS hostname, and its region.</summary>
    public static bool TryGetRegion(string host, out string region)
    {
        var match = Pattern().Match(WithoutDefaultPort(host));
        region = !match.Success ? string.Empty : match.Groups["region"].Success ? match.Groups["region"].Value : GlobalRegion;
        return match.Success;
    }

    /// <summary>Whether two host header values name the same host (case-insensitive, :443 optional).</summary>
    public static bool Same(string left, string right) =>
        string.Equals(WithoutDefaultPort(left), WithoutDefaultPort(right), StringComparison.OrdinalIgnoreCase);

    private static string WithoutDefaultPort(string host) =>
        host.EndsWith(":443", StringComparison.Ordinal) ? host[..^4] : host;

    [GeneratedRegex(@"^sts(?:\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d+))?\.amazonaws\.com$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
