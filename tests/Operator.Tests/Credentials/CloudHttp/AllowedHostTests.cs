using System.Net;
using Operator.Credentials.CloudHttp;

namespace Operator.Tests.Credentials.CloudHttp;

public sealed class AllowedHostTests
{
    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("10.0.0.0/8:443", "10.0.0.0/8:443")]
    [InlineData("localhost:8443", "localhost:8443")]
    [InlineData("*.Example.COM.", "*.example.com")]
    [InlineData("[::1]:8443", "::1:8443")]
    [InlineData("::1", "::1")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("[fd00::/8]:443", "fd00::/8:443")]
    [InlineData(" 127.0.0.1 ", "127.0.0.1")]
    public void TryParse_ValidEntries(string text, string shown)
    {
        Assert.True(AllowedHost.TryParse(text, out var entry, out var error), error);
        Assert.Equal(shown, entry.ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("10", "IP address")]
    [InlineData("1.2.3", "IP address")]
    [InlineData("0x7f.1", "host name")]
    [InlineData("10.1.0.0/8", "CIDR")]
    [InlineData("10.0.0.0/33", "CIDR")]
    [InlineData("host:0", "port")]
    [InlineData("host:65536", "port")]
    [InlineData("host:https", "port")]
    [InlineData("*.", "host name")]
    [InlineData("a*.example.com", "host name")]
    [InlineData("*", "host name")]
    [InlineData("[::1", "']'")]
    [InlineData("[10.0.0.1]:443", "IPv6")]
    [InlineData("https://example.com", "port")]
    [InlineData("exa mple.com", "host name")]
    public void TryParse_InvalidEntries_SayWhy(string text, string because)
    {
        Assert.False(AllowedHost.TryParse(text, out _, out var error));
        Assert.Contains(because, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*.example.com", "api.example.com", 443, true)]
    [InlineData("*.example.com", "a.b.example.com", 443, true)]
    [InlineData("*.example.com", "example.com", 443, false)]
    [InlineData("*.example.com", "evilexample.com", 443, false)]
    [InlineData("*.example.com", "example.com.evil.test", 443, false)]
    [InlineData("vault.example.com", "vault.example.com", 8200, true)]
    [InlineData("vault.example.com", "api.vault.example.com", 8200, false)]
    [InlineData("vault.example.com:8200", "vault.example.com", 8200, true)]
    [InlineData("vault.example.com:8200", "vault.example.com", 443, false)]
    public void AllowsName_MatchesPatternAndPort(string entry, string host, int port, bool allowed)
    {
        Assert.True(AllowedHost.TryParse(entry, out var parsed, out _));
        Assert.Equal(allowed, parsed.AllowsName(host, port));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.200.1.1", 443, true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", 443, false)]
    [InlineData("10.0.0.0/8:443", "10.0.0.1", 8443, false)]
    [InlineData("127.0.0.1", "127.0.0.1", 1234, true)]
    [InlineData("127.0.0.1", "127.0.0.2", 1234, false)]
    [InlineData("[::1]:8443", "::1", 8443, true)]
    [InlineData("localhost", "127.0.0.1", 443, false)]
    public void AllowsAddress_MatchesNetworkAndPort(string entry, string address, int port, bool allowed)
    {
        Assert.True(AllowedHost.TryParse(entry, out var parsed, out _));
        Assert.Equal(allowed, parsed.AllowsAddress(IPAddress.Parse(address), port));
    }
}
