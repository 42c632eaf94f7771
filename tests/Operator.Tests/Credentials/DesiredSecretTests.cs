using Operator.Credentials.Secrets;

namespace Operator.Tests.Credentials;

public sealed class DesiredSecretTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_IsControlledByItsDelegatedCredential()
    {
        var credential = Objects.Credential();

        var secret = DesiredSecret.Build(credential, Objects.Issued(s_now.AddHours(1)), "h", s_now, s_now.AddMinutes(40));

        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal(("uid-1", "DelegatedCredential", true), (owner.Uid, owner.Kind, owner.Controller == true));
    }

    [Fact]
    public void Build_NoSecretName_UsesTheObjectsName()
    {
        var secret = DesiredSecret.Build(Objects.Credential(), Objects.Issued(s_now.AddHours(1)), "h", s_now, s_now);

        Assert.Equal(("app-aws", "team-a", "Opaque"), (secret.Metadata.Name, secret.Metadata.NamespaceProperty, secret.Type));
    }

    [Fact]
    public void Build_UserLabelClashesWithManagedBy_OurLabelWins()
    {
        var labels = new Dictionary<string, string> { [ManagedSecret.ManagedByLabel] = "someone-else", ["team"] = "a" };

        var secret = DesiredSecret.Build(Objects.Credential(labels: labels), Objects.Issued(s_now.AddHours(1)), "h", s_now, s_now);

        Assert.Equal(ManagedSecret.ManagedByValue, secret.Metadata.Labels[ManagedSecret.ManagedByLabel]);
        Assert.Equal("a", secret.Metadata.Labels["team"]);
    }

    [Fact]
    public void Build_ThenRead_GivesBackTheSchedule()
    {
        var issued = Objects.Issued(s_now.AddHours(1));

        var state = ManagedSecret.Read(DesiredSecret.Build(Objects.Credential(), issued, "h", s_now, s_now.AddMinutes(37)));

        Assert.Equal(new ManagedSecretState("h", s_now, s_now.AddHours(1), s_now.AddMinutes(37), issued.Identity, DataIntact: true), state);
    }

    [Fact]
    public void Read_DataEditedByHand_IsNotIntact()
    {
        var secret = DesiredSecret.Build(Objects.Credential(), Objects.Issued(s_now.AddHours(1)), "h", s_now, s_now);
        secret.Data["AWS_SECRET_ACCESS_KEY"] = "edited"u8.ToArray();

        Assert.False(ManagedSecret.Read(secret)!.DataIntact);
    }

    [Fact]
    public void Read_AnnotationsMissing_IsNull()
    {
        var secret = DesiredSecret.Build(Objects.Credential(), Objects.Issued(s_now.AddHours(1)), "h", s_now, s_now);
        secret.Metadata.Annotations.Remove(ManagedSecret.ExpiresAtAnnotation);

        Assert.Null(ManagedSecret.Read(secret));
    }
}
