using System.Net;
using Operator.Credentials.CloudHttp;

namespace Operator.Tests.Credentials.CloudHttp;

/// <summary>The host policy on fake resolutions: no address here is ever dialled.</summary>
public sealed class HostPolicyTests
{
    private readonly List<IPEndPoint> _dialled = [];

    private HostPolicy Policy(string[]? allowed = null, string[]? clusterCidrs = null, bool restrict = false,
        Dictionary<string, string[]>? dns = null) =>
        new(new HostPolicyOptions { AllowedHosts = [.. allowed ?? []], ClusterCidrs = [.. clusterCidrs ?? []], RestrictToAllowedHosts = restrict },
            (name, _) => Task.FromResult(dns is not null && dns.TryGetValue(name, out var found)
                ? found.Select(IPAddress.Parse).ToArray()
                : throw new InvalidOperationException($"the test did not expect {name} to be resolved")),
            (endpoint, _) =>
            {
                _dialled.Add(endpoint);
                return ValueTask.FromResult<Stream>(new MemoryStream());
            });

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.10.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf::1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("fd00:ec2::254", "a cloud metadata address")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    public void RefuseAddress_SpecialClasses(string address, string refusedClass) =>
        Assert.Equal(refusedClass, Policy().RefuseAddress(IPAddress.Parse(address), 443));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("52.94.4.1")]
    [InlineData("2600:1f18::1")]
    [InlineData("::ffff:52.94.4.1")]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.1")]
    [InlineData("fe00::1")]
    public void RefuseAddress_OtherAddresses_AreAllowedByDefault(string address) =>
        Assert.Null(Policy().RefuseAddress(IPAddress.Parse(address), 443));

    [Theory]
    [InlineData("10.96.0.10", "inside the cluster CIDR 10.96.0.0/12")]
    [InlineData("::ffff:10.96.0.10", "inside the cluster CIDR 10.96.0.0/12")]
    [InlineData("fd12:3456::1", "inside the cluster CIDR fd12::/16")]
    public void RefuseAddress_InsideAClusterCidr(string address, string refusal) =>
        Assert.StartsWith(refusal, Policy(clusterCidrs: ["10.96.0.0/12", "fd12::/16"]).RefuseAddress(IPAddress.Parse(address), 443));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", 8443)]
    [InlineData("127.0.0.0/8:8443", "127.0.0.9", 8443)]
    [InlineData("[::1]:8443", "::1", 8443)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", 8443)]
    [InlineData("169.254.169.254:80", "169.254.169.254", 80)]
    [InlineData("10.96.0.0/12", "10.96.0.10", 443)]
    public void RefuseAddress_AnAddressEntryAllowsIt(string entry, string address, int port) =>
        Assert.Null(Policy([entry], clusterCidrs: ["10.96.0.0/12"]).RefuseAddress(IPAddress.Parse(address), port));

    [Fact]
    public void RefuseAddress_AnEntryForAnotherPort_DoesNotAllowIt() =>
        Assert.Equal("loopback", Policy(["127.0.0.1:8443"]).RefuseAddress(IPAddress.Loopback, 443));

    [Fact]
    public async Task Connect_NameResolvingToTheMetadataAddress_IsRefusedWithoutDialling()
    {
        var policy = Policy(dns: new() { ["metadata.evil.test"] = ["169.254.169.254"] });

        var refused = await Assert.ThrowsAsync<HostPolicyException>(() =>
            policy.ConnectAsync(new DnsEndPoint("metadata.evil.test", 443), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("refused by the operator's host policy: metadata.evil.test resolves to 169.254.169.254, which is link-local (Operator:HostPolicy)",
            refused.Message);
        Assert.Empty(_dialled);
    }

    [Theory]
    [InlineData("93.184.215.14", "10.96.0.1")]
    [InlineData("10.96.0.1", "93.184.215.14")]
    [InlineData("2600:1f18::1", "::ffff:169.254.169.254")]
    [InlineData("93.184.215.14", "127.0.0.1")]
    public async Task Connect_NameResolvingToAMixOfPublicAndRefused_IsRefusedWhole(string first, string second)
    {
        var policy = Policy(clusterCidrs: ["10.96.0.0/12"], dns: new() { ["mixed.example.com"] = [first, second] });

        await Assert.ThrowsAsync<HostPolicyException>(() =>
            policy.ConnectAsync(new DnsEndPoint("mixed.example.com", 443), TestContext.Current.CancellationToken).AsTask());
        Assert.Empty(_dialled);
    }

    [Fact]
    public async Task Connect_PublicName_DialsOnlyTheAddressesItChecked()
    {
        var policy = Policy(dns: new() { ["api.example.com"] = ["93.184.215.14"] });

        await using var stream = await policy.ConnectAsync(new DnsEndPoint("api.example.com", 443), TestContext.Current.CancellationToken);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("93.184.215.14"), 443)], _dialled);
    }

    [Theory]
    [InlineData("169.254.169.254", "169.254.169.254 is link-local")]
    [InlineData("[::ffff:169.254.169.254]", "::ffff:169.254.169.254 is link-local")]
    [InlineData("127.0.0.1", "127.0.0.1 is loopback")]
    [InlineData("0.0.0.0", "0.0.0.0 is unspecified")]
    public async Task Connect_AddressInTheUrl_IsJudgedWithoutResolving(string host, string refusal)
    {
        var refused = await Assert.ThrowsAsync<HostPolicyException>(() =>
            Policy().ConnectAsync(new DnsEndPoint(host, 443), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(refusal, refused.Message, StringComparison.Ordinal);
        Assert.Empty(_dialled);
    }

    [Fact]
    public async Task Connect_LoopbackAllowedExplicitly_Dials()
    {
        await using var stream = await Policy(["127.0.0.1:8443"]).ConnectAsync(new DnsEndPoint("127.0.0.1", 8443), TestContext.Current.CancellationToken);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8443)], _dialled);
    }

    [Fact]
    public async Task Restricted_UnlistedName_IsRefusedBeforeResolving()
    {
        var policy = Policy(["*.example.com"], restrict: true);

        var refused = await Assert.ThrowsAsync<HostPolicyException>(() =>
            policy.ConnectAsync(new DnsEndPoint("api.other.test", 443), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("api.other.test is not in Operator:HostPolicy:AllowedHosts", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_dialled);
    }

    [Fact]
    public async Task Restricted_ListedName_StillNeedsAllowedAddresses()
    {
        var policy = Policy(["*.example.com:443"], restrict: true,
            dns: new() { ["api.example.com"] = ["93.184.215.14"], ["internal.example.com"] = ["169.254.169.254"] });

        await using var stream = await policy.ConnectAsync(new DnsEndPoint("api.example.com", 443), TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HostPolicyException>(() =>
            policy.ConnectAsync(new DnsEndPoint("internal.example.com", 443), TestContext.Current.CancellationToken).AsTask());
        await Assert.ThrowsAsync<HostPolicyException>(() =>
            policy.ConnectAsync(new DnsEndPoint("api.example.com", 8443), TestContext.Current.CancellationToken).AsTask());

        Assert.Single(_dialled);
    }

    [Fact]
    public void Restricted_PublicAddressInTheUrl_NeedsAnEntry()
    {
        var policy = Policy(["10.1.2.3:8200"], restrict: true);

        Assert.Contains("93.184.215.14 is not in", policy.RefuseHost("93.184.215.14", 443), StringComparison.Ordinal);
        Assert.Null(policy.RefuseHost("10.1.2.3", 8200));
    }

    [Fact]
    public void Apply_TurnsRedirectsAndProxiesOff_AndConnectsThroughThePolicy()
    {
        using var handler = Policy().Apply(new SocketsHttpHandler());

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.NotNull(handler.ConnectCallback);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw() =>
        Assert.Throws<ArgumentException>(() => new HostPolicy(new HostPolicyOptions { ClusterCidrs = ["10.0.0.1/8"] }));
}
