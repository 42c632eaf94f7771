namespace Operator.Testing.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Project_Builds() => Assert.Equal(4, 2 + 2);
}
