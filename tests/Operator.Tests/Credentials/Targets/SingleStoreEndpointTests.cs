using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Targets.SingleStore;

namespace Operator.Tests.Credentials.Targets;

public sealed class SingleStoreEndpointTests
{
    private static readonly Uri s_production = new("https://authsvc.singlestore.com");

    [Theory]
    [InlineData(null, "wg-1", "https://authsvc.singlestore.com/auth/iam/database?workspaceGroupID=wg-1")]
    [InlineData(SingleStoreJwtKind.Database, "3fa85f64-5717", "https://authsvc.singlestore.com/auth/iam/database?workspaceGroupID=3fa85f64-5717")]
    [InlineData(SingleStoreJwtKind.Api, null, "https://authsvc.singlestore.com/auth/iam/api")]
    public void For_Kind_IsTheDocumentedPath(SingleStoreJwtKind? kind, string? workspaceGroup, string expected) =>
        Assert.Equal(expected, SingleStoreEndpoint.For(s_production, new SingleStoreTargetSpec { Kind = kind, WorkspaceGroupId = workspaceGroup }).Value!.ToString());

    [Fact]
    public void For_ServerWithBasePath_KeepsIt() =>
        Assert.Equal("https://127.0.0.1:8443/s2/auth/iam/api",
            SingleStoreEndpoint.For(new Uri("https://127.0.0.1:8443/s2"), new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api }).Value!.ToString());

    [Fact]
    public void For_DatabaseWithoutWorkspaceGroup_IsInvalidSpec() =>
        Assert.Equal(CredentialReasons.InvalidSpec, SingleStoreEndpoint.For(s_production, new SingleStoreTargetSpec()).Failure?.Reason);
}
