using Operator.Credentials.Targets.Datadog;

namespace Operator.Tests.Credentials.Targets;

public sealed class DatadogSitesTests
{
    [Theory]
    [InlineData("datadoghq.com", "https://api.datadoghq.com/")]
    [InlineData("us3.datadoghq.com", "https://api.us3.datadoghq.com/")]
    [InlineData("us5.datadoghq.com", "https://api.us5.datadoghq.com/")]
    [InlineData("ap1.datadoghq.com", "https://api.ap1.datadoghq.com/")]
    [InlineData("ap2.datadoghq.com", "https://api.ap2.datadoghq.com/")]
    [InlineData("uk1.datadoghq.com", "https://api.uk1.datadoghq.com/")]
    [InlineData("datadoghq.eu", "https://api.datadoghq.eu/")]
    [InlineData("ddog-gov.com", "https://api.ddog-gov.com/")]
    [InlineData("us2.ddog-gov.com", "https://api.us2.ddog-gov.com/")]
    public void ApiBase_KnownSite_IsApiSubdomain(string site, string expected)
    {
        Assert.True(DatadogSites.IsKnown(site));
        Assert.Equal(expected, DatadogSites.ApiBase(site).ToString());
    }

    [Theory]
    [InlineData("datadoghq.co")]
    [InlineData("evil.example.com")]
    [InlineData("DATADOGHQ.COM")]
    public void IsKnown_OtherHost_IsFalse(string site) => Assert.False(DatadogSites.IsKnown(site));

    [Fact]
    public void All_MatchesTheCrdEnum()
    {
        var crd = RepositoryFiles.Read(RepositoryFiles.CrdPath);

        foreach (var site in DatadogSites.All)
        {
            Assert.Contains($"- {site}\n", crd, StringComparison.Ordinal);
        }
    }
}
