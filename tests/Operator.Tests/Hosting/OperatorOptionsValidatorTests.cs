using Operator.Hosting;

namespace Operator.Tests.Hosting;

public sealed class OperatorOptionsValidatorTests
{
    private static string[] Failures(Action<OperatorOptions> change)
    {
        var options = new OperatorOptions();
        change(options);
        return [.. new OperatorOptionsValidator().Validate(null, options).Failures ?? []];
    }

    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Empty(Failures(_ => { }));

    [Fact]
    public void Validate_NoWorkers_Fails() => Assert.Contains(Failures(o => o.Workers = 0), f => f.Contains("Workers", StringComparison.Ordinal));

    [Theory]
    [InlineData(0)]
    [InlineData(7200)]
    public void Validate_ReconcileTimeoutOutOfRange_Fails(int seconds) =>
        Assert.Contains(Failures(o => o.ReconcileTimeout = TimeSpan.FromSeconds(seconds)), f => f.Contains("Operator:ReconcileTimeout", StringComparison.Ordinal));

    [Fact]
    public void Validate_SeveralNamespaces_AreValid() => Assert.Empty(Failures(o => o.Namespaces = ["team-a", "team-b", "c0"]));

    [Theory]
    [InlineData("", "Operator:Namespaces:1 must not be empty.")]
    [InlineData("Team-B", "Operator:Namespaces:1 'Team-B' is not a namespace name")]
    [InlineData("team_b", "Operator:Namespaces:1 'team_b' is not a namespace name")]
    [InlineData("-team", "Operator:Namespaces:1 '-team' is not a namespace name")]
    [InlineData("team-a", "Operator:Namespaces:1 'team-a' repeats Operator:Namespaces:0.")]
    public void Validate_BadNamespace_FailsNamingTheEntry(string entry, string failure) =>
        Assert.Contains(Failures(o => o.Namespaces = ["team-a", entry]), f => f.StartsWith(failure, StringComparison.Ordinal));

    [Fact]
    public void Validate_NamespaceLongerThanALabel_Fails() =>
        Assert.Contains(Failures(o => o.Namespaces = [new string('a', 64)]), f => f.StartsWith("Operator:Namespaces:0", StringComparison.Ordinal));

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Validate_ShardsOutOfRange_FailsNamingTheKey(int shards) =>
        Assert.Contains(Failures(o => o.Sharding.Shards = shards), f => f.StartsWith("Operator:Sharding:Shards must be between 1 and 256", StringComparison.Ordinal));

    [Fact]
    public void Validate_ShardsWithoutLeaderElection_Fails() =>
        Assert.Contains(Failures(o => (o.Sharding.Shards, o.LeaderElection.Enabled) = (4, false)),
            f => f.StartsWith("Operator:Sharding:Shards > 1 needs leader election", StringComparison.Ordinal));

    [Fact]
    public void Validate_Shards_AreValid() => Assert.Empty(Failures(o => o.Sharding.Shards = 16));

    [Fact]
    public void Validate_InClusterAndKubeconfig_Fails() =>
        Assert.Contains(Failures(o => (o.Kubernetes.InCluster, o.Kubernetes.Kubeconfig) = (true, "/tmp/kubeconfig")), f => f.Contains("exclusive", StringComparison.Ordinal));

    [Fact]
    public void Validate_RenewDeadlineNotBelowLeaseDuration_Fails() =>
        Assert.Contains(Failures(o => o.LeaderElection.RenewDeadline = o.LeaderElection.LeaseDuration), f => f.Contains("LeaseDuration", StringComparison.Ordinal));

    [Fact]
    public void Validate_EmptyApiServerAudience_Fails() =>
        Assert.Contains(Failures(o => o.ApiServerAudiences = ["https://oidc.example.com", " "]), f => f.Contains("Operator:ApiServerAudiences", StringComparison.Ordinal));

    [Fact]
    public void Defaults_RefuseApiServerAudiences() =>
        Assert.Equal((false, 0), (new OperatorOptions().AllowApiServerAudiences, new OperatorOptions().ApiServerAudiences.Count));

    [Fact]
    public void Validate_MissingCaBundle_Fails() =>
        Assert.Contains(Failures(o => o.TrustedCaBundleFile = "/nonexistent/ca.pem"), f => f.Contains("TrustedCaBundleFile", StringComparison.Ordinal));

    [Theory]
    [InlineData("10.1.0.0/8", "Operator:HostPolicy:AllowedHosts:1 '10.1.0.0/8' is not a valid CIDR")]
    [InlineData("host:99999", "Operator:HostPolicy:AllowedHosts:1 'host:99999' has a port")]
    [InlineData("1.2.3", "Operator:HostPolicy:AllowedHosts:1 '1.2.3' is not a valid IP address")]
    [InlineData("vault.example.com", "Operator:HostPolicy:AllowedHosts:1 'vault.example.com' names a host, which only counts with Operator:HostPolicy:RestrictToAllowedHosts=true")]
    public void Validate_BadAllowedHost_FailsNamingTheKey(string entry, string failure) =>
        Assert.Contains(Failures(o => o.HostPolicy.AllowedHosts = ["127.0.0.1", entry]), f => f.StartsWith(failure, StringComparison.Ordinal));

    [Fact]
    public void Validate_HostNamesWithTheRestriction_AreValid() =>
        Assert.Empty(Failures(o => (o.HostPolicy.AllowedHosts, o.HostPolicy.RestrictToAllowedHosts) = (["*.example.com", "localhost:8443", "10.0.0.0/8:443", "[::1]:8443"], true)));

    [Theory]
    [InlineData("10.96.0.0")]
    [InlineData("10.96.0.1/12")]
    [InlineData("cluster")]
    public void Validate_BadClusterCidr_FailsNamingTheKey(string cidr) =>
        Assert.Contains(Failures(o => o.HostPolicy.ClusterCidrs = [cidr]), f => f.StartsWith("Operator:HostPolicy:ClusterCidrs:0", StringComparison.Ordinal));
}
