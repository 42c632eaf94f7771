using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Targets.AwsCredentials;
using Operator.Credentials.Targets.Http;
using Operator.Credentials.Targets.Kubernetes;

namespace Operator.Tests.Credentials.Identity;

/// <summary>
/// A tenant asking for a ServiceAccount token the API server itself accepts (which would act as the ServiceAccount in
/// the cluster, for as long as it lives): refused when planning, naming the field, so no TokenRequest is made; and refused
/// again by ServiceAccountTokens before any TokenRequest. Operator:AllowApiServerAudiences lifts it.
/// </summary>
public sealed class ApiServerAudienceTests
{
    private static CredentialPlanner Planner(ApiServerAudiences? audiences = null) => new(
        [new AwsIdentityProvider(null!, allowIdentityOverride: false), new ServiceAccountIdentityProvider(new ServiceAccountTokens(null!))],
        [new AwsCredentialsTarget(), new ServiceAccountTokenTarget(), new HttpExchangeTarget(null!, null!)],
        new ServiceAccountConsent(required: true), audiences);

    private static DelegatedCredential TokenFor(string audience) =>
        Objects.ForTarget(new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = audience } });

    public static TheoryData<string> ApiServerAudienceNames =>
    [
        "https://kubernetes.default.svc.cluster.local",
        "https://kubernetes.default.svc",
        "kubernetes.default.svc",
        "https://kubernetes.default.svc.cluster.local.",
        "HTTPS://Kubernetes.Default.Svc/",
        "k3s",
    ];

    [Theory]
    [MemberData(nameof(ApiServerAudienceNames))]
    public void ServiceAccountTokenTarget_ForTheApiServersAudience_IsInvalidSpecNamingTheField(string audience)
    {
        var plan = Planner().Plan(TokenFor(audience), Objects.ServiceAccount(roleArn: null));

        Assert.Equal(CredentialReasons.InvalidSpec, plan.Failure?.Reason);
        Assert.StartsWith("spec.target.serviceAccountToken.audience", plan.Failure!.Message, StringComparison.Ordinal);
        Assert.True(plan.Failure.AwaitsSpecChange);
    }

    [Fact]
    public void ServiceAccountTokenTarget_EmptyAudience_IsInvalidSpec()
    {
        var plan = Planner().Plan(TokenFor(""), Objects.ServiceAccount(roleArn: null));

        Assert.Equal(CredentialReasons.InvalidSpec, plan.Failure?.Reason);
        Assert.Contains("spec.target.serviceAccountToken.audience", plan.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpServiceAccountProof_ForTheApiServersAudience_IsInvalidSpecNamingTheField()
    {
        var credential = Objects.ForTarget(new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = "https://login.example.com/k8s",
                Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "https://kubernetes.default.svc" },
                Response = new HttpResponseMapping { TokenPath = "token", ExpiresInPath = "expires_in" },
            },
        });

        var plan = Planner().Plan(credential, Objects.ServiceAccount(roleArn: null));

        Assert.Equal(CredentialReasons.InvalidSpec, plan.Failure?.Reason);
        Assert.StartsWith("spec.target.http.proof.audience", plan.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsProvider_AudienceFromTheServiceAccountsAnnotation_IsRefusedToo()
    {
        // The ServiceAccount's eks.amazonaws.com/audience, not the spec, names the API server; the token would go to
        // spec.provider.aws.stsEndpoint, which the tenant may point anywhere.
        var plan = Planner().Plan(Objects.Credential(), Objects.ServiceAccount(audience: "https://kubernetes.default.svc"));

        Assert.Equal(CredentialReasons.InvalidSpec, plan.Failure?.Reason);
        Assert.Contains("spec.provider.aws", plan.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrdinaryAudience_IsPlanned()
    {
        var plan = Planner().Plan(TokenFor("https://ci.example.com"), Objects.ServiceAccount(roleArn: null));

        Assert.True(plan.Succeeded, plan.Failure?.Message);
    }

    [Fact]
    public void AllowApiServerAudiences_LiftsTheRefusal_ButNotOfAnEmptyAudience()
    {
        var allowing = new ApiServerAudiences(allow: true);

        Assert.True(Planner(allowing).Plan(TokenFor("https://kubernetes.default.svc"), Objects.ServiceAccount(roleArn: null)).Succeeded);
        Assert.NotNull(allowing.Refusal("spec.target.serviceAccountToken.audience", ""));
    }

    [Fact]
    public void ConfiguredAudiences_AreRefusedBesideTheDefaults()
    {
        var issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        var audiences = new ApiServerAudiences(allow: false, [issuer]);

        Assert.NotNull(audiences.Refusal("f", issuer + "/"));
        Assert.NotNull(audiences.Refusal("f", "https://kubernetes.default.svc.cluster.local"));
        Assert.Null(ApiServerAudiences.Refusing.Refusal("f", issuer));
    }

    [Theory]
    [InlineData("https://kubernetes.default.svc.cluster.local")]
    [InlineData("")]
    public async Task ServiceAccountTokens_RefuseWithoutATokenRequest(string audience)
    {
        // A null client: any TokenRequest would throw.
        var tokens = new ServiceAccountTokens(null!);

        var token = await tokens.MintAsync("team-a", "app", audience, TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);

        Assert.Equal(CredentialReasons.InvalidSpec, token.Failure?.Reason);
    }
}
