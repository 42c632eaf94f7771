using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Gcp;

namespace Operator.Tests.Credentials.Gcp;

public sealed class GcpIdentityProviderTests
{
    private const string Provider = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/k8s-pool/providers/cluster-a";
    private const string Email = "exporter@my-project.iam.gserviceaccount.com";

    private static GcpIdentityProvider Create(bool allowOverride = false) =>
        new(new GoogleWorkloadIdentity(new GcpOptions(), new NoClients(), TimeProvider.System), allowOverride);

    private static DelegatedCredential Credential(string? email = null, TargetSpec? target = null, string? audience = null) =>
        Objects.WithSpec(Objects.Credential().Spec with
        {
            Provider = new ProviderSpec { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = Provider, ServiceAccountEmail = email, Audience = audience } },
            Target = target ?? new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec() },
        });

    private static V1ServiceAccount ServiceAccount(string? email = Email) => ServiceAccounts.ServiceAccount("app", Objects.Namespace,
        email is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [GkeAnnotations.ServiceAccount] = email });

    private static GcpIdentityRequest Resolved(Attempt<IdentityRequest> attempt)
    {
        Assert.Null(attempt.Failure);
        return Assert.IsType<GcpIdentityRequest>(attempt.Value);
    }

    [Fact]
    public void Resolve_NoEmailInSpec_ImpersonatesTheAnnotatedAccount_WithTheProvidersDefaultAudience()
    {
        var request = Resolved(Create().Resolve(Credential(), ServiceAccount()));

        Assert.Equal(Email, request.ServiceAccountEmail);
        Assert.Equal("https://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/k8s-pool/providers/cluster-a", request.Audience);
        Assert.Equal([GoogleWorkloadIdentity.CloudPlatformScope], request.StsScopes);
        Assert.Equal("sts.googleapis.com", request.Endpoint);
    }

    [Fact]
    public void Resolve_EmailDiffersFromTheAnnotation_IsInvalidSpec()
    {
        var attempt = Create().Resolve(Credential("admin@my-project.iam.gserviceaccount.com"), ServiceAccount());

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.Contains("AllowIdentityOverride", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EmailWithoutAnAnnotation_IsInvalidSpec() =>
        Assert.Equal(CredentialReasons.InvalidSpec, Create().Resolve(Credential(Email), ServiceAccount(null)).Failure?.Reason);

    [Fact]
    public void Resolve_EmailDiffersAndOverridesAllowed_UsesTheSpecs() =>
        Assert.Equal("admin@my-project.iam.gserviceaccount.com",
            Resolved(Create(allowOverride: true).Resolve(Credential("admin@my-project.iam.gserviceaccount.com"), ServiceAccount())).ServiceAccountEmail);

    [Fact]
    public void Resolve_NoServiceAccount_AsksStsForTheTargetsScopes()
    {
        var request = Resolved(Create().Resolve(Credential(target: new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec { Scopes = ["https://x/read"] } }), ServiceAccount(null)));

        Assert.Null(request.ServiceAccountEmail);
        Assert.Equal(["https://x/read"], request.StsScopes);
        Assert.Equal("principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/k8s-pool/subject/system:serviceaccount:team-a:app",
            request.PrincipalOf("system:serviceaccount:team-a:app"));
    }

    [Theory]
    [InlineData("gcpIdToken")]
    [InlineData("singlestore")]
    public void Resolve_IdTokenTargetWithoutAServiceAccount_IsInvalidSpec(string target)
    {
        var spec = target == "gcpIdToken"
            ? new TargetSpec { GcpIdToken = new GcpIdTokenTargetSpec { Audience = "https://run.example" } }
            : new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Api } };

        var attempt = Create().Resolve(Credential(target: spec), ServiceAccount(null));

        Assert.Equal(GcpIdentityProvider.NoServiceAccountForIdTokens, attempt.Failure?.Message);
    }

    [Fact]
    public void Resolve_SpecAudience_IsTheTokensAudience() =>
        Assert.Equal("https://custom", Resolved(Create().Resolve(Credential(audience: "https://custom"), ServiceAccount())).Audience);

    [Fact]
    public void Resolve_NotAProviderName_IsInvalidSpec()
    {
        var credential = Credential();
        credential.Spec = credential.Spec with { Provider = new ProviderSpec { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = "projects/1/pools/p" } } };

        Assert.Equal(CredentialReasons.InvalidSpec, Create().Resolve(credential, ServiceAccount()).Failure?.Reason);
    }

    [Fact]
    public void Fingerprint_ChangesWithTheAnnotatedAccount() =>
        Assert.NotEqual(Resolved(Create().Resolve(Credential(), ServiceAccount())).Fingerprint,
            Resolved(Create().Resolve(Credential(), ServiceAccount("other@my-project.iam.gserviceaccount.com"))).Fingerprint);

    private sealed class NoClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("Resolve sends nothing");
    }
}
