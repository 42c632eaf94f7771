using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Tests.Credentials;

public sealed class AwsIdentityProviderTests
{
    private static AwsIdentityProvider Provider(bool allowOverride = false) => new(new UnusedSts(), allowOverride);

    private static AwsIdentityRequest Resolved(Attempt<IdentityRequest> attempt)
    {
        Assert.Null(attempt.Failure);
        return Assert.IsType<AwsIdentityRequest>(attempt.Value);
    }

    [Fact]
    public void Resolve_NoRoleInSpec_UsesTheServiceAccountsAnnotation()
    {
        var request = Resolved(Provider().Resolve(Objects.Credential(), Objects.ServiceAccount()));

        Assert.Equal(Objects.Role, request.RoleArn.ToString());
    }

    [Fact]
    public void Resolve_RoleDiffersFromAnnotation_IsInvalidSpec()
    {
        var attempt = Provider().Resolve(Objects.Credential(roleArn: "arn:aws:iam::123456789012:role/admin"), Objects.ServiceAccount());

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.Contains("AllowIdentityOverride", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_RoleDiffersAndOverridesAllowed_UsesTheSpecsRole()
    {
        var request = Resolved(Provider(allowOverride: true).Resolve(Objects.Credential(roleArn: "arn:aws:iam::123456789012:role/admin"), Objects.ServiceAccount()));

        Assert.Equal("arn:aws:iam::123456789012:role/admin", request.RoleArn.ToString());
    }

    [Fact]
    public void Resolve_RoleInSpecButServiceAccountNotAnnotated_IsInvalidSpec()
    {
        var attempt = Provider().Resolve(Objects.Credential(roleArn: Objects.Role), Objects.ServiceAccount(roleArn: null));

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
    }

    [Fact]
    public void Resolve_NoRoleAnywhere_IsInvalidSpec()
    {
        var attempt = Provider().Resolve(Objects.Credential(), Objects.ServiceAccount(roleArn: null));

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
    }

    [Fact]
    public void Resolve_NotARoleArn_IsInvalidSpec()
    {
        var attempt = Provider().Resolve(Objects.Credential(), Objects.ServiceAccount(roleArn: "arn:aws:iam::123456789012:user/bob"));

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
    }

    [Theory]
    [InlineData(null, null, "sts.amazonaws.com")]
    [InlineData(null, "annotated", "annotated")]
    [InlineData("from-spec", "annotated", "from-spec")]
    public void Resolve_Audience_SpecThenAnnotationThenDefault(string? spec, string? annotation, string expected)
    {
        var request = Resolved(Provider().Resolve(Objects.Credential(audience: spec), Objects.ServiceAccount(audience: annotation)));

        Assert.Equal(expected, request.Audience);
    }

    /// <summary>A tenant in team-a naming its STS session as if it were team-b's object: the namespace prefix stays.</summary>
    [Fact]
    public void Resolve_SpecSessionNameLookingLikeAnotherNamespace_IsPrefixedWithItsOwn()
    {
        var credential = Objects.Credential();
        credential.Spec = credential.Spec with { Provider = new ProviderSpec { Aws = credential.Spec.Provider!.Aws! with { SessionName = "team-b.app-aws" } } };

        var request = Resolved(Provider().Resolve(credential, Objects.ServiceAccount()));

        Assert.Equal("team-a.team-b.app-aws", request.SessionName);
    }

    [Fact]
    public void Resolve_SessionNameAndDuration_FromNamespaceNameAndTtl()
    {
        var request = Resolved(Provider().Resolve(Objects.Credential(ttl: "45m"), Objects.ServiceAccount()));

        Assert.Equal(("team-a.app-aws", TimeSpan.FromMinutes(45)), (request.SessionName, request.Duration));
    }

    [Fact]
    public void Resolve_Region_PicksTheRegionalEndpoint()
    {
        var request = Resolved(Provider().Resolve(Objects.Credential(region: "eu-west-1"), Objects.ServiceAccount()));

        Assert.Equal("sts.eu-west-1.amazonaws.com", request.Endpoint);
    }

    private sealed class UnusedSts : IAssumeRoleWithWebIdentity
    {
        public Task<Attempt<CloudIdentity>> AssumeAsync(AwsIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Resolve must not call STS.");
    }
}
