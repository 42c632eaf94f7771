namespace Operator.Credentials.CloudHttp;

/// <summary>
/// Where the operator may connect for cloud and vendor calls (<c>Operator:HostPolicy</c>, docs/behaviour.md §7), read
/// by <see cref="HostPolicy"/>. By default any public address may be reached, and loopback, link-local, unspecified,
/// multicast, cloud metadata addresses and the <see cref="ClusterCidrs"/> may not.
/// </summary>
internal sealed class HostPolicyOptions
{
    public const string Key = "Operator:HostPolicy";

    /// <summary>
    /// Entries (<see cref="AllowedHost"/>): an address (<c>10.1.2.3</c>, <c>[fd00::1]</c>) or CIDR (<c>10.0.0.0/8</c>) allows
    /// connecting to those addresses even when they are loopback, private or inside the cluster; a host name
    /// (<c>vault.example.com</c>) or wildcard (<c>*.example.com</c>, subdomains only) allows naming that host, which
    /// matters only with <see cref="RestrictToAllowedHosts"/>. Each takes an optional <c>:port</c> (IPv6 in brackets).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The cluster's pod and service CIDRs (e.g. <c>10.96.0.0/12</c>): addresses inside them are refused unless allowed.</summary>
    public List<string> ClusterCidrs { get; set; } = [];

    /// <summary>
    /// True: <see cref="AllowedHosts"/> is exhaustive. A host is reached only when an entry names it (by name, or by address
    /// for an address in the URL), and the addresses it resolves to must still be public or listed.
    /// </summary>
    public bool RestrictToAllowedHosts { get; set; }

    /// <summary>The errors of every entry, each naming its key (<paramref name="prefix"/><c>:AllowedHosts:N</c>).</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            if (!AllowedHost.TryParse(AllowedHosts[i], out var entry, out var error))
            {
                yield return $"{prefix}:AllowedHosts:{i} '{AllowedHosts[i]}' {error}";
            }
            else if (entry.Name is not null && !RestrictToAllowedHosts)
            {
                // Without the restriction every public name is allowed already, and a name never vouches for a private
                // address: the entry would do nothing, which its author surely did not mean.
                yield return $"{prefix}:AllowedHosts:{i} '{AllowedHosts[i]}' names a host, which only counts with " +
                    $"{prefix}:RestrictToAllowedHosts=true; to reach a loopback, private or cluster address, list the address or CIDR.";
            }
        }

        for (var i = 0; i < ClusterCidrs.Count; i++)
        {
            if (!AllowedHost.TryParseCidr(ClusterCidrs[i]?.Trim() ?? string.Empty, out _))
            {
                yield return $"{prefix}:ClusterCidrs:{i} '{ClusterCidrs[i]}' is not a CIDR such as 10.96.0.0/12 or fd00::/8 " +
                    "(the address must have no bits set past the prefix).";
            }
        }
    }
}
