using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Targets;
using Operator.Credentials.Validation;

namespace Operator.Tests.Credentials.Validation;

/// <summary>
/// The specs an API server without CEL admitted and the operator then served (Ready, or calling STS and the target on
/// every retry): the planner now refuses each as InvalidSpec, naming the field as kube-apiserver would, before a
/// provider or target is chosen, and marks it as waiting for a new generation.
/// </summary>
public sealed class InvalidSpecPlanningTests
{
    private const string Wip = "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x";

    // Every provider and target name the build registers; their exchanges are never reached.
    private static readonly CredentialPlanner s_planner = new(
        [new AwsIdentityProvider(null!, allowIdentityOverride: false), new ServiceAccountIdentityProvider(null!)],
        [.. new[] { "awsCredentials", "datadog", "singlestore", "http", "serviceAccountToken" }.Select(name => new NamedTarget(name))],
        new ServiceAccountConsent(required: true));

    private static readonly HttpTargetSpec s_http = new()
    {
        Url = "https://login.example.com/aws",
        Proof = new HttpProof { Kind = HttpProofKind.AwsCredentials },
        Response = new HttpResponseMapping { TokenPath = "token", ExpiresInPath = "expires_in" },
    };

    private static readonly Dictionary<string, (Func<DelegatedCredentialSpec, DelegatedCredentialSpec> Spec, string Field)> s_cases = new()
    {
        ["two providers: the second was silently ignored"] = (
            s => s with { Provider = s.Provider! with { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = Wip } } }, "spec.provider"),
        ["two targets: one was silently ignored"] = (
            s => s with { Target = s.Target with { Datadog = new DatadogTargetSpec { OrgUuid = "11111111-2222-3333-4444-555555555555" } } }, "spec.target"),
        ["a provider with a serviceAccountToken target"] = (
            s => s with { Target = new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "vault" } } }, "spec.provider"),
        ["an empty provider with a serviceAccountToken target"] = (
            s => s with { Provider = new ProviderSpec(), Target = new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "vault" } } },
            "spec.provider"),
        ["refreshBefore 30s"] = (s => s with { RefreshBefore = "30s" }, "spec.refreshBefore"),
        ["refreshBefore above ttl"] = (s => s with { Ttl = "30m", RefreshBefore = "45m" }, "spec.refreshBefore"),
        ["aws ttl 5m"] = (s => s with { Ttl = "5m" }, "spec.ttl"),
        ["token ttl 1m: was silently clamped"] = (
            s => s with { Provider = null, Target = new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "vault" } }, Ttl = "1m" },
            "spec.ttl"),
        ["ttl 1000h: went to STS, retried"] = (s => s with { Ttl = "1000h" }, "spec.ttl"),
        ["singlestore database without workspaceGroupId: called STS on every retry"] = (
            s => s with { Target = new TargetSpec { SingleStore = new SingleStoreTargetSpec { Kind = SingleStoreJwtKind.Database } } },
            "spec.target.singlestore.workspaceGroupId"),
        ["http without an expiry path: called STS on every retry"] = (
            s => s with { Target = new TargetSpec { Http = s_http with { Response = s_http.Response with { ExpiresInPath = null } } } },
            "spec.target.http.response.expiresAtPath"),
        ["http with both expiry paths: POSTed anyway"] = (
            s => s with { Target = new TargetSpec { Http = s_http with { Response = s_http.Response with { ExpiresAtPath = "expires_at" } } } },
            "spec.target.http.response.expiresInPath"),
        ["an empty target"] = (s => s with { Target = new TargetSpec() }, "spec.target"),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_RefusesTheSpec_NamingTheField_AndWaitsForANewGeneration(string situation)
    {
        var (spec, field) = s_cases[situation];
        var credential = Objects.Credential();
        credential.Spec = spec(credential.Spec);

        var plan = s_planner.Plan(credential, Objects.ServiceAccount());

        Assert.False(plan.Succeeded, $"planned: {plan.Value}");
        Assert.Equal(CredentialReasons.InvalidSpec, plan.Failure!.Reason);
        Assert.True(plan.Failure.AwaitsSpecChange);
        Assert.StartsWith(field + " ", plan.Failure.Message, StringComparison.Ordinal);
        Assert.Contains(DelegatedCredentialValidator.Validate(credential.Spec), v => v.Field == field);
    }

    [Fact]
    public void Plan_EmptyTarget_SaysWhichTargetsExist_NotThatNoneIsSupported()
    {
        var credential = Objects.Credential();
        credential.Spec = credential.Spec with { Target = new TargetSpec() };

        var message = s_planner.Plan(credential, Objects.ServiceAccount()).Failure!.Message;

        Assert.DoesNotContain("'none'", message, StringComparison.Ordinal);
        Assert.StartsWith("spec.target must name exactly one of awsCredentials, datadog, singlestore, http,", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RefusedSpec_ListsEveryViolation()
    {
        var credential = Objects.Credential();
        credential.Spec = credential.Spec with { Ttl = "5m", RefreshBefore = "30s" };

        var message = s_planner.Plan(credential, Objects.ServiceAccount()).Failure!.Message;

        Assert.Equal(
            "spec.ttl '5m' must be between 15m and 12h with provider aws (STS DurationSeconds 900-43200). " +
            "spec.refreshBefore '30s' must be at least 2m: the kubelet takes about a minute to update mounted Secrets.",
            message);
    }

    [Fact]
    public void Plan_RoleTheServiceAccountDoesNotAllow_IsRetried_TheServiceAccountMayChange()
    {
        var failure = s_planner.Plan(Objects.Credential(roleArn: "arn:aws:iam::123456789012:role/other"), Objects.ServiceAccount()).Failure!;

        Assert.Equal((CredentialReasons.InvalidSpec, false), (failure.Reason, failure.AwaitsSpecChange));
    }

    private sealed class NamedTarget(string name) : ICredentialTarget
    {
        public string Name => name;

        public Task<Attempt<IssuedCredential>> IssueAsync(TargetContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("planning never issues");
    }
}
