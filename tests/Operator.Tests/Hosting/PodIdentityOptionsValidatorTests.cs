using Operator.Hosting;

namespace Operator.Tests.Hosting;

/// <summary><c>Operator:Aws:PodIdentity:*</c> as the start-up validator checks it.</summary>
public sealed class PodIdentityOptionsValidatorTests
{
    private static string[] Failures(Action<OperatorOptions> change)
    {
        var options = new OperatorOptions();
        change(options);
        return [.. new OperatorOptionsValidator().Validate(null, options).Failures ?? []];
    }

    [Fact]
    public void AClusterAndRegion_AreValid() =>
        Assert.Empty(Failures(o => (o.Aws.PodIdentity.ClusterName, o.Aws.PodIdentity.Region) = ("prod-1", "eu-west-1")));

    [Fact]
    public void AClusterWithoutRegion_Fails() =>
        Assert.Contains(Failures(o => o.Aws.PodIdentity.ClusterName = "prod-1"), f => f.Contains("Operator:Aws:PodIdentity:Region", StringComparison.Ordinal));

    [Theory]
    [InlineData("-prod")]
    [InlineData("prod.1")]
    public void AClusterNameEksRefuses_Fails(string name) =>
        Assert.Contains(Failures(o => (o.Aws.PodIdentity.ClusterName, o.Aws.PodIdentity.Region) = (name, "eu-west-1")),
            f => f.Contains("Operator:Aws:PodIdentity:ClusterName", StringComparison.Ordinal));

    [Fact]
    public void AMissingCredentialsFile_Fails() =>
        Assert.Contains(Failures(o => (o.Aws.PodIdentity.ClusterName, o.Aws.PodIdentity.Region, o.Aws.PodIdentity.CredentialsFile) = ("prod-1", "eu-west-1", "/nonexistent/credentials")),
            f => f.Contains("Operator:Aws:PodIdentity:CredentialsFile", StringComparison.Ordinal));

    [Fact]
    public void ARelativeEndpoint_Fails() =>
        Assert.Contains(Failures(o => (o.Aws.PodIdentity.ClusterName, o.Aws.PodIdentity.Region, o.Aws.PodIdentity.Endpoint) = ("prod-1", "eu-west-1", new Uri("eks", UriKind.Relative))),
            f => f.Contains("Operator:Aws:PodIdentity:Endpoint", StringComparison.Ordinal));
}
