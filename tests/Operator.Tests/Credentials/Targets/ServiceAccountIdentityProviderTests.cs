using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Tests.Credentials.Targets;

public sealed class ServiceAccountIdentityProviderTests
{
    private static readonly V1ServiceAccount s_app = Objects.ServiceAccount(roleArn: null);

    private static DelegatedCredential Credential(TargetSpec target) => Objects.ForTarget(target);

    [Fact]
    public void Handles_OnlySpecsWithoutAProvider()
    {
        var provider = new ServiceAccountIdentityProvider();

        Assert.True(provider.Handles(new DelegatedCredentialSpec()));
        Assert.False(provider.Handles(new DelegatedCredentialSpec { Provider = new ProviderSpec { Aws = new AwsProviderSpec() } }));
    }

    [Fact]
    public void Resolve_ServiceAccountTokenTarget_UsesItsAudience()
    {
        var request = new ServiceAccountIdentityProvider().Resolve(
            Credential(new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "https://ci" } }), s_app);

        Assert.Equal("https://ci", request.Value!.Audience);
    }

    [Fact]
    public void Resolve_HttpWithServiceAccountProof_UsesTheProofsAudience()
    {
        var request = new ServiceAccountIdentityProvider().Resolve(Credential(new TargetSpec
        {
            Http = new HttpTargetSpec { Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "login" } },
        }), s_app);

        Assert.Equal("login", request.Value!.Audience);
    }

    [Fact]
    public void Resolve_TargetThatNeedsACloud_IsInvalidSpecNamingProvider()
    {
        var request = new ServiceAccountIdentityProvider().Resolve(
            Credential(new TargetSpec { Datadog = new DatadogTargetSpec { OrgUuid = "x" } }), s_app);

        Assert.Equal(CredentialReasons.InvalidSpec, request.Failure?.Reason);
        Assert.Contains("spec.provider", request.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_IsTheServiceAccountItself()
    {
        var credential = Credential(new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "a" } });
        var provider = new ServiceAccountIdentityProvider();
        var expires = DateTimeOffset.UnixEpoch.AddYears(60);

        var identity = await provider.ExchangeAsync(credential, provider.Resolve(credential, s_app).Value!, new ServiceAccountToken("t", expires),
            TestContext.Current.CancellationToken);

        Assert.Equal(("kubernetes", "system:serviceaccount:team-a:app", expires), (identity.Value!.Provider, identity.Value.Principal, identity.Value.ExpiresAt));
    }
}
