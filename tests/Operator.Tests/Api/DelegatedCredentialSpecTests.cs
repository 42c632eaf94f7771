using Operator.Api.V1Alpha1;

namespace Operator.Tests.Api;

public sealed class DelegatedCredentialSpecTests
{
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
