using k8s;
using k8s.Models;
using Operator.Credentials.Secrets;
using Operator.Runtime;

namespace Operator.Tests.Credentials;

/// <summary>The Secret as the operator keeps it in memory: no data, no managedFields, the data's hash instead.</summary>
public sealed class CachedSecretTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static V1Secret Full(string value = "s3cr3t")
    {
        var secret = DesiredSecret.Build(Objects.Credential(), Objects.Issued(s_now.AddHours(1), value), "h", s_now, s_now.AddMinutes(40));
        secret.Metadata.ResourceVersion = "7";
        secret.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update", FieldsType = "FieldsV1" }];
        return secret;
    }

    /// <summary>As the server would send it: a fresh deserialized copy.</summary>
    private static V1Secret FromServer(V1Secret secret) => KubernetesJson.Deserialize<V1Secret>(KubernetesJson.Serialize(secret));

    [Fact]
    public void Strip_DropsDataAndManagedFields_KeepsTheDataHashAndTheMarks()
    {
        var full = Full();

        var cached = CachedSecret.Strip(FromServer(full));

        Assert.Null(cached.Data);
        Assert.Null(cached.Metadata.ManagedFields);
        Assert.Equal(SecretDataHash.Compute(full.Data), cached.Metadata.Annotations[CachedSecret.DataHashMark]);
        Assert.Equal(full.Metadata.Annotations[ManagedSecret.SpecHashAnnotation], cached.Metadata.Annotations[ManagedSecret.SpecHashAnnotation]);
        Assert.Equal((full.Metadata.ResourceVersion, full.Type), (cached.Metadata.ResourceVersion, cached.Type));
        Assert.Equal(full.Metadata.OwnerReferences[0].Uid, cached.Metadata.OwnerReferences[0].Uid);
        Assert.DoesNotContain("s3cr3t", KubernetesJson.Serialize(cached), StringComparison.Ordinal);
    }

    [Fact]
    public void Strip_AMarkSomeoneWroteOnTheSecret_IsOverwrittenWithTheRealHash()
    {
        // Someone edits the data and writes the old data's hash under the mark's name: it is not believed.
        var original = Full();
        var forged = Full(value: "edited");
        forged.Metadata.Annotations[CachedSecret.DataHashMark] = SecretDataHash.Compute(original.Data);
        forged.Metadata.Annotations[ManagedSecret.DataHashAnnotation] = SecretDataHash.Compute(original.Data);

        var cached = CachedSecret.Strip(FromServer(forged));

        Assert.Equal(SecretDataHash.Compute(forged.Data), cached.Metadata.Annotations[CachedSecret.DataHashMark]);
        Assert.False(ManagedSecret.Read(cached)!.DataIntact);
    }

    [Fact]
    public void Strip_ASecretWithoutData_HashesNothing()
    {
        var empty = Full();
        empty.Data = null;
        empty.Metadata.Annotations[CachedSecret.DataHashMark] = "forged";

        var cached = CachedSecret.Strip(FromServer(empty));

        Assert.Equal(SecretDataHash.Compute(null), SecretDataHash.Of(cached));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_StrippedCopy_TellsWhatTheFullSecretTells(bool edited)
    {
        var full = Full();
        if (edited)
        {
            full.Data["AWS_SECRET_ACCESS_KEY"] = "edited by hand"u8.ToArray();
        }

        Assert.Equal(ManagedSecret.Read(full), ManagedSecret.Read(CachedSecret.Strip(FromServer(full))));
        Assert.Equal(!edited, ManagedSecret.Read(CachedSecret.Strip(FromServer(full)))!.DataIntact);
    }

    [Theory]
    [InlineData("s3cr3t", true)]
    [InlineData("other", false)]
    public void Matches_StrippedCopy_ComparesTheDataByHash(string desiredValue, bool same)
    {
        var full = Full();
        var desired = Full(desiredValue);

        Assert.Equal(same, SecretWriter.Matches(full, desired));
        Assert.Equal(same, SecretWriter.Matches(CachedSecret.Strip(FromServer(full)), desired));
    }

    [Fact]
    public void RolloutHash_OfAStrippedCopy_IsTheStoredOne()
    {
        var full = Full();

        Assert.Equal(RolloutHash.Of(full), RolloutHash.Of(CachedSecret.Strip(FromServer(full))));
    }

    [Fact]
    public void StripManagedFields_KeepsEverythingElse()
    {
        var secret = FromServer(Full());

        var stripped = ObjectTransforms.StripManagedFields(secret);

        Assert.Null(stripped.Metadata.ManagedFields);
        Assert.NotNull(stripped.Data);
        Assert.Equal("7", stripped.Metadata.ResourceVersion);
    }
}
