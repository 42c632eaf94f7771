using Operator.Api.V1Alpha1;

namespace Operator.Tests.Api;

public sealed class DelegatedCredentialSpecTests
{
    [Fact]
    public void TtlOrDefault_WithoutTtl_IsOneHour() =>
        Assert.Equal(TimeSpan.FromHours(1), new DelegatedCredentialSpec().TtlOrDefault);

    [Fact]
    public void TtlOrDefault_WithTtl_ParsesIt() =>
        Assert.Equal(TimeSpan.FromMinutes(90), new DelegatedCredentialSpec { Ttl = "1h30m" }.TtlOrDefault);

    [Fact]
    public void RefreshBeforeOrNull_WithoutRefreshBefore_IsNull() =>
        Assert.Null(new DelegatedCredentialSpec().RefreshBeforeOrNull);

    [Fact]
    public void RefreshBeforeOrNull_WithRefreshBefore_ParsesIt() =>
        Assert.Equal(TimeSpan.FromMinutes(20), new DelegatedCredentialSpec { RefreshBefore = "20m" }.RefreshBeforeOrNull);

    [Fact]
    public void ProviderName_IsTheKeyThatIsSet()
    {
        Assert.Equal("aws", new ProviderSpec { Aws = new() }.Name);
        Assert.Equal("gcp", new ProviderSpec { Gcp = new() }.Name);
        Assert.Equal("azure", new ProviderSpec { Azure = new() }.Name);
        Assert.Null(new ProviderSpec().Name);
    }

    [Fact]
    public void TargetName_IsTheKeyThatIsSet()
    {
        Assert.Equal("singlestore", new TargetSpec { SingleStore = new() }.Name);
        Assert.Equal("serviceAccountToken", new TargetSpec { ServiceAccountToken = new() }.Name);
        Assert.Null(new TargetSpec().Name);
    }
}
