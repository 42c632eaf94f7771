using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;

namespace Operator.Tests.Credentials;

public sealed class SpecHashTests
{
    [Fact]
    public void Compute_LabelsInAnotherOrder_SameHash()
    {
        var a = Objects.Credential(labels: new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" }).Spec;
        var b = Objects.Credential(labels: new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" }).Spec;

        Assert.Equal(SpecHash.Compute(a, "id"), SpecHash.Compute(b, "id"));
    }

    [Fact]
    public void Compute_TtlChanged_DifferentHash()
    {
        var before = Objects.Credential(ttl: "1h").Spec;
        var after = Objects.Credential(ttl: "2h").Spec;

        Assert.NotEqual(SpecHash.Compute(before, "id"), SpecHash.Compute(after, "id"));
    }

    [Fact]
    public void Compute_ResolvedIdentityChanged_DifferentHash()
    {
        var spec = Objects.Credential().Spec;

        Assert.NotEqual(SpecHash.Compute(spec, "aws|role-a"), SpecHash.Compute(spec, "aws|role-b"));
    }

    [Fact]
    public void Compute_OnlyRestartOnRotationChanged_SameHash()
    {
        var spec = Objects.Credential().Spec;
        var withRestarts = spec with { RestartOnRotation = [new WorkloadReference { Kind = WorkloadKind.Deployment, Name = "web" }] };

        Assert.Equal(SpecHash.Compute(spec, "id"), SpecHash.Compute(withRestarts, "id"));
    }

    [Fact]
    public void Compute_IsTheSameAcrossReleases()
    {
        // The hash is stored on every Secret; if its input's JSON changed, an upgrade would re-issue the whole fleet.
        var spec = Objects.Credential(ttl: "1h", labels: new Dictionary<string, string> { ["team"] = "payments" }).Spec;

        Assert.Equal("74c5eaebc991bbb3289e288a23e3bfcd", SpecHash.Compute(spec, "aws|arn:aws:iam::111122223333:role/app"));
    }
}
