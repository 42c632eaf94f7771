using System.Net;
using System.Net.Sockets;

namespace Operator.Credentials.CloudHttp;

/// <summary>
/// The operator's host policy for every outbound cloud call (STS through the AWS SDK, the targets, an http target's
/// caBundle client, and any later provider whose handlers come from <c>Hosting/CredentialServiceCollectionExtensions.CloudHandlers</c>).
/// It is the <see cref="SocketsHttpHandler.ConnectCallback"/> of those handlers: the host name is checked first, then
/// the name is resolved and <em>every</em> address it resolves to is checked, and the socket connects only to the
/// addresses checked, so a DNS answer that changes between a check and the connect (rebinding) cannot get around it.
/// Refused: loopback, link-local (169.254.0.0/16, fe80::/10, the cloud metadata services), unspecified (0.0.0.0/8,
/// ::), multicast, broadcast, and the configured cluster CIDRs, unless an address or CIDR entry of
/// <c>Operator:HostPolicy:AllowedHosts</c> allows them; IPv4-mapped (<c>::ffff:a.b.c.d</c>) and NAT64
/// (<c>64:ff9b::/96</c>) addresses are judged as the IPv4 address they carry. A name that resolves to a mix of
/// allowed and refused addresses is refused whole. With <c>RestrictToAllowedHosts</c> the host itself must be listed.
/// </summary>
internal sealed class HostPolicy
{
    private static readonly (string Class, IPNetwork Network)[] s_refused =
    [
        ("loopback", IPNetwork.Parse("127.0.0.0/8")),
        ("loopback", IPNetwork.Parse("::1/128")),
        ("link-local", IPNetwork.Parse("169.254.0.0/16")),
        ("link-local", IPNetwork.Parse("fe80::/10")),
        ("unspecified", IPNetwork.Parse("0.0.0.0/8")),
        ("unspecified", IPNetwork.Parse("::/128")),
        ("multicast", IPNetwork.Parse("224.0.0.0/4")),
        ("multicast", IPNetwork.Parse("ff00::/8")),
        ("broadcast", IPNetwork.Parse("255.255.255.255/32")),
        // Metadata services outside link-local: AWS's IPv6 IMDS and Alibaba Cloud's.
        ("a cloud metadata address", IPNetwork.Parse("fd00:ec2::254/128")),
        ("a cloud metadata address", IPNetwork.Parse("100.100.100.200/32")),
    ];

    private static readonly IPNetwork s_nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly IReadOnlyList<AllowedHost> _allowed;
    private readonly IReadOnlyList<IPNetwork> _clusterCidrs;
    private readonly bool _restrict;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Func<IPEndPoint, CancellationToken, ValueTask<Stream>> _connect;

    /// <param name="options">Validated options (<see cref="HostPolicyOptions.Validate"/>); an invalid entry throws.</param>
    /// <param name="resolve">Name resolution; DNS by default. Tests give a fake one.</param>
    /// <param name="connect">Opens a TCP connection to one checked address; a plain socket by default. Tests watch it.</param>
    public HostPolicy(HostPolicyOptions options,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null,
        Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        if (options.Validate(HostPolicyOptions.Key).FirstOrDefault() is { } error)
        {
            throw new ArgumentException(error, nameof(options));
        }

        _allowed = [.. options.AllowedHosts.Select(text => AllowedHost.TryParse(text, out var entry, out _) ? entry : null!)];
        _clusterCidrs = [.. options.ClusterCidrs.Select(cidr => IPNetwork.Parse(cidr.Trim()))];
        _restrict = options.RestrictToAllowedHosts;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _connect = connect ?? ConnectSocketAsync;
    }

    /// <summary>
    /// Why connecting to <paramref name="host"/> on <paramref name="port"/> is refused before anything is resolved, or
    /// null. An address in the URL is judged as an address (with the restriction it needs an entry); a name is refused
    /// here only with the restriction, when no entry names it.
    /// </summary>
    public string? RefuseHost(string host, int port)
    {
        var name = Normalise(host);
        if (IPAddress.TryParse(name, out var literal))
        {
            if (_allowed.Any(entry => entry.AllowsAddress(Unwrap(literal), port)))
            {
                return null;
            }

            if (_restrict)
            {
                return Refusal($"{literal} is not in {HostPolicyOptions.Key}:AllowedHosts");
            }

            return RefuseAddress(literal, port) is { } refused ? Refusal($"{literal} is {refused}") : null;
        }

        return _restrict && !_allowed.Any(entry => entry.AllowsName(name, port))
            ? Refusal($"{name} is not in {HostPolicyOptions.Key}:AllowedHosts")
            : null;
    }

    /// <summary>
    /// The class of a refused address (e.g. <c>link-local</c>), or null when it may be connected to on
    /// <paramref name="port"/>: an address or CIDR entry allows it, or it is in none of the refused ranges.
    /// </summary>
    public string? RefuseAddress(IPAddress address, int port)
    {
        var judged = Unwrap(address);
        if (_allowed.Any(entry => entry.AllowsAddress(judged, port)))
        {
            return null;
        }

        foreach (var (refusedClass, network) in s_refused)
        {
            if (network.Contains(judged))
            {
                return refusedClass;
            }
        }

        foreach (var cidr in _clusterCidrs)
        {
            if (cidr.Contains(judged))
            {
                return $"inside the cluster CIDR {cidr} ({HostPolicyOptions.Key}:ClusterCidrs)";
            }
        }

        return null;
    }

    /// <summary>The addresses of <paramref name="host"/> that may be connected to, every one checked; throws <see cref="HostPolicyException"/>.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (RefuseHost(host, port) is { } refused)
        {
            throw new HostPolicyException(refused);
        }

        var name = Normalise(host);
        if (IPAddress.TryParse(name, out var literal))
        {
            return [literal];
        }

        var addresses = await _resolve(name, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // One refused address refuses the name: the connect must not depend on which address comes first.
        foreach (var address in addresses)
        {
            if (RefuseAddress(address, port) is { } refusedAddress)
            {
                throw new HostPolicyException(Refusal($"{name} resolves to {address}, which is {refusedAddress}"));
            }
        }

        return addresses;
    }

    /// <summary>The handlers' <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, cancellationToken);

    /// <summary>Connects to the first checked address of <paramref name="endpoint"/> that answers; never to an unchecked one.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await _connect(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }

        throw last!;
    }

    /// <summary>
    /// Puts this policy on <paramref name="handler"/>: it connects through <see cref="ConnectAsync(SocketsHttpConnectionContext, CancellationToken)"/>,
    /// follows no redirect (<see cref="RedirectRefusal"/> turns a 3xx into a refusal) and uses no proxy (through a proxy
    /// the operator would connect to the proxy, and the address of the real host could not be checked).
    /// </summary>
    public SocketsHttpHandler Apply(SocketsHttpHandler handler)
    {
        handler.ConnectCallback = ConnectAsync;
        handler.AllowAutoRedirect = false;
        handler.UseProxy = false;
        return handler;
    }

    private static string Refusal(string what) => $"{HostPolicyException.Prefix}{what} ({HostPolicyOptions.Key})";

    private static string Normalise(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    /// <summary>The IPv4 address an IPv4-mapped or NAT64 IPv6 address carries; any other address as it is.</summary>
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && s_nat64.Contains(address))
        {
            return new IPAddress(address.GetAddressBytes()[12..]);
        }

        return address;
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
