using k8s.Models;
using Operator.Credentials.Secrets;

namespace Operator.Tests.Credentials;

public sealed class SecretOwnershipCheckTests
{
    private static V1Secret SecretControlledBy(string? uid) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "app-aws",
            OwnerReferences = uid is null ? null : [new V1OwnerReference { Uid = uid, Controller = true, Kind = "DelegatedCredential", Name = "app-aws", ApiVersion = "v1" }],
        },
    };

    [Fact]
    public void Of_NoSecret_IsAbsent() => Assert.Equal(SecretOwnership.Absent, SecretOwnershipCheck.Of(null, Objects.Credential()));

    [Fact]
    public void Of_ControlledByThisObject_IsOwned() =>
        Assert.Equal(SecretOwnership.Owned, SecretOwnershipCheck.Of(SecretControlledBy("uid-1"), Objects.Credential()));

    [Fact]
    public void Of_WithoutOwner_IsForeign() =>
        Assert.Equal(SecretOwnership.Foreign, SecretOwnershipCheck.Of(SecretControlledBy(null), Objects.Credential()));

    [Fact]
    public void Of_ControlledByAnEarlierObjectOfTheSameName_IsForeign() =>
        Assert.Equal(SecretOwnership.Foreign, SecretOwnershipCheck.Of(SecretControlledBy("uid-0"), Objects.Credential()));
}
