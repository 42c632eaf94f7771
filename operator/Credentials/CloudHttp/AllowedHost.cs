using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Operator.Credentials.CloudHttp;

/// <summary>
/// One entry of <c>Operator:HostPolicy:AllowedHosts</c>: a host name, a wildcard <c>*.example.com</c> (its subdomains,
/// not itself), an IP address or a CIDR, with an optional port (<c>10.0.0.0/8:443</c>, <c>[::1]:8443</c>,
/// <c>localhost:8443</c>). Without a port it matches every port.
/// </summary>
/// <param name="Name">The lower-case name, or <c>*.suffix</c>; null for an address entry.</param>
/// <param name="Network">The addresses (a single address is a /32 or /128); null for a name entry.</param>
internal sealed record AllowedHost(string? Name, IPNetwork? Network, int? Port)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out AllowedHost? entry, out string error)
    {
        entry = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            error = "is empty.";
            return false;
        }

        string host;
        string? port = null;
        if (value.StartsWith('['))
        {
            // [IPv6] or [IPv6/prefix], then an optional :port.
            var close = value.IndexOf(']', StringComparison.Ordinal);
            var rest = close < 0 ? "?" : value[(close + 1)..];
            if (close < 0 || (rest.Length > 0 && !rest.StartsWith(':')))
            {
                error = "has a '[' without a matching ']' followed by nothing or :port.";
                return false;
            }

            host = value[1..close];
            port = rest.Length > 0 ? rest[1..] : null;
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                error = "puts something other than an IPv6 address in brackets.";
                return false;
            }
        }
        else if (value.Count(c => c == ':') == 1)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (value[..colon], value[(colon + 1)..]);
        }
        else
        {
            // No colon, or an IPv6 address or CIDR without brackets (and so without a port).
            host = value;
        }

        int? portNumber = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                error = $"has a port '{port}' that is not a number from 1 to 65535.";
                return false;
            }

            portNumber = number;
        }

        if (host.Contains('/', StringComparison.Ordinal))
        {
            if (!TryParseCidr(host, out var network))
            {
                error = "is not a valid CIDR (the address must have no bits set past the prefix, e.g. 10.0.0.0/8).";
                return false;
            }

            entry = new AllowedHost(null, network, portNumber);
            error = string.Empty;
            return true;
        }

        if (host.Contains(':', StringComparison.Ordinal) || host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            if (!IsStrictAddress(host) || !IPAddress.TryParse(host, out var address))
            {
                error = "is not a valid IP address (IPv4 as four dotted numbers; IPv6 in brackets when a port follows).";
                return false;
            }

            entry = new AllowedHost(null, new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), portNumber);
            error = string.Empty;
            return true;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        var wildcard = name.StartsWith("*.", StringComparison.Ordinal);
        var checkedName = wildcard ? name[2..] : name;
        if (checkedName.Contains('*', StringComparison.Ordinal) || Uri.CheckHostName(checkedName) != UriHostNameType.Dns)
        {
            error = "is not a host name, a wildcard '*.domain', an IP address or a CIDR.";
            return false;
        }

        entry = new AllowedHost(name, null, portNumber);
        error = string.Empty;
        return true;
    }

    /// <summary>Whether this entry allows naming <paramref name="host"/> (lower case, no trailing dot) on <paramref name="port"/>.</summary>
    public bool AllowsName(string host, int port) =>
        Name is not null && (Port is null || Port == port)
        && (Name.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > Name.Length - 1 && host.EndsWith(Name[1..], StringComparison.Ordinal)
            : host == Name);

    /// <summary>Whether this entry allows connecting to <paramref name="address"/> (already unmapped) on <paramref name="port"/>.</summary>
    public bool AllowsAddress(IPAddress address, int port) =>
        Network is { } network && (Port is null || Port == port) && network.Contains(address);

    /// <summary>
    /// A CIDR whose address has no bits set past the prefix (<c>10.0.0.0/8</c>, not <c>10.1.0.0/8</c>: IPNetwork would
    /// silently widen that to the whole /8, which its author may not have meant).
    /// </summary>
    public static bool TryParseCidr(string text, out IPNetwork network)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return IPNetwork.TryParse(text, out network) && slash > 0 && IsStrictAddress(text[..slash])
            && IPAddress.TryParse(text[..slash], out var address) && address.Equals(network.BaseAddress);
    }

    // IPAddress.TryParse also takes "10" or "1.2.3" (inet_aton's forms); an operator's allow-list should not.
    private static bool IsStrictAddress(string text) =>
        text.Contains(':', StringComparison.Ordinal) || text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));

    public override string ToString() =>
        (Name ?? (Network!.Value.PrefixLength is 32 or 128 ? Network.Value.BaseAddress.ToString() : Network.Value.ToString()))
        + (Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : string.Empty);
}
