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
    public void Resolve_ServiceAccountTokenTarget_UsesItsAudience()
    {
        var request = new ServiceAccountIdentityProvider(new ServiceAccountTokens(null!)).Resolve(
            Credential(new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "https://ci" } }), s_app);

        Assert.Equal("https://ci", request.Value!.Audience);
    }

    [Fact]
    public void Resolve_HttpWithServiceAccountProof_UsesTheProofsAudience()
    {
        var request = new ServiceAccountIdentityProvider(new ServiceAccountTokens(null!)).Resolve(Credential(new TargetSpec
        {
            Http = new HttpTargetSpec { Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "login" } },
        }), s_app);

        Assert.Equal("login", request.Value!.Audience);
    }

    [Fact]
    public void Resolve_HttpProofWithoutAudience_IsInvalidSpecNamingTheField()
    {
        var request = new ServiceAccountIdentityProvider(new ServiceAccountTokens(null!)).Resolve(Credential(new TargetSpec
        {
            Http = new HttpTargetSpec { Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken } },
        }), s_app);

        Assert.Equal(CredentialReasons.InvalidSpec, request.Failure?.Reason);
        Assert.StartsWith("spec.target.http.proof.audience is required", request.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_IsTheServiceAccountItself()
    {
        var credential = Credential(new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "a" } });
        var provider = new ServiceAccountIdentityProvider(new ServiceAccountTokens(null!));
        var expires = DateTimeOffset.UnixEpoch.AddYears(60);

        var identity = await provider.ExchangeAsync(credential, provider.Resolve(credential, s_app).Value!, new ServiceAccountToken("t", expires),
            TestContext.Current.CancellationToken);

        Assert.Equal(("kubernetes", "system:serviceaccount:team-a:app", expires), (identity.Value!.Provider, identity.Value.Principal, identity.Value.ExpiresAt));
    }
}
