using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Aws.PodIdentity;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Tests.Credentials.Aws;

/// <summary><c>spec.provider.aws.mode: podIdentity</c> as the AWS provider resolves it, without HTTP.</summary>
public sealed class PodIdentityResolveTests
{
    private static readonly PodIdentityOptions s_configured = new() { ClusterName = "prod-1", Region = "eu-west-1" };

    private static AwsIdentityProvider Provider(PodIdentityOptions? options = null) =>
        new(new UnusedSts(), allowIdentityOverride: false, new UnusedEksAuth(options ?? s_configured));

    private static DelegatedCredential PodIdentity(Func<AwsProviderSpec, AwsProviderSpec>? edit = null)
    {
        var credential = Objects.Credential();
        var aws = new AwsProviderSpec { Mode = AwsProviderModes.PodIdentity, Region = "us-west-2" };
        return credential with { Spec = credential.Spec with { Provider = new ProviderSpec { Aws = edit?.Invoke(aws) ?? aws } } };
    }

    [Fact]
    public void Resolve_AsksForAPodsTokenForTheConfiguredCluster()
    {
        var attempt = Provider().Resolve(PodIdentity(), Objects.ServiceAccount(roleArn: null));

        Assert.Null(attempt.Failure);
        var request = Assert.IsType<PodIdentityRequest>(attempt.Value);
        Assert.Equal("pods.eks.amazonaws.com", request.Audience);
        Assert.Equal("prod-1", request.ClusterName);
        Assert.Equal("us-west-2", request.Region);
        Assert.Equal(new Uri("https://eks-auth.eu-west-1.api.aws/"), request.EksAuth);
        Assert.Equal("eks-auth.eu-west-1.api.aws", request.Endpoint);
    }

    [Fact]
    public void Resolve_IgnoresTheIrsaAnnotation()
    {
        var annotated = Provider().Resolve(PodIdentity(), Objects.ServiceAccount());
        var bare = Provider().Resolve(PodIdentity(), Objects.ServiceAccount(roleArn: null));

        Assert.Equal(bare.Value!.Fingerprint, annotated.Value!.Fingerprint);
    }

    [Fact]
    public void Resolve_AnEndpointOverride_IsTheEndpoint()
    {
        var attempt = Provider(new PodIdentityOptions { ClusterName = "prod-1", Region = "eu-west-1", Endpoint = new Uri("https://127.0.0.1:8443") })
            .Resolve(PodIdentity(), Objects.ServiceAccount());

        Assert.Equal("127.0.0.1:8443", attempt.Value!.Endpoint);
    }

    [Fact]
    public void Fingerprint_DiffersFromIrsaAndNamesTheCluster()
    {
        var pod = Provider().Resolve(PodIdentity(), Objects.ServiceAccount()).Value!;
        var irsa = Provider().Resolve(Objects.Credential(), Objects.ServiceAccount()).Value!;
        var other = Provider(new PodIdentityOptions { ClusterName = "prod-2", Region = "eu-west-1" }).Resolve(PodIdentity(), Objects.ServiceAccount()).Value!;

        Assert.NotEqual(irsa.Fingerprint, pod.Fingerprint);
        Assert.NotEqual(other.Fingerprint, pod.Fingerprint);
    }

    [Theory]
    [InlineData("roleArn")]
    [InlineData("audience")]
    [InlineData("sessionName")]
    [InlineData("stsEndpoint")]
    public void Resolve_AFieldTheAssociationDecides_IsRefused(string field)
    {
        var attempt = Provider().Resolve(PodIdentity(aws => field switch
        {
            "roleArn" => aws with { RoleArn = Objects.Role },
            "audience" => aws with { Audience = "sts.amazonaws.com" },
            "sessionName" => aws with { SessionName = "x1" },
            _ => aws with { StsEndpoint = "https://sts.example" },
        }), Objects.ServiceAccount());

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.True(attempt.Failure!.AwaitsSpecChange);
    }

    [Fact]
    public void Resolve_WithoutAConfiguredCluster_IsInvalidSpecNamingTheOption()
    {
        var attempt = Provider(new PodIdentityOptions()).Resolve(PodIdentity(), Objects.ServiceAccount());

        Assert.Equal(CredentialReasons.InvalidSpec, attempt.Failure?.Reason);
        Assert.Contains("Operator:Aws:PodIdentity:ClusterName", attempt.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ModeIrsa_IsTheDefault()
    {
        var credential = Objects.Credential();
        var irsa = credential with
        {
            Spec = credential.Spec with { Provider = new ProviderSpec { Aws = new AwsProviderSpec { Mode = AwsProviderModes.Irsa } } },
        };

        Assert.IsType<AwsIdentityRequest>(Provider().Resolve(irsa, Objects.ServiceAccount()).Value);
    }

    private sealed class UnusedSts : IAssumeRoleWithWebIdentity
    {
        public Task<Attempt<CloudIdentity>> AssumeAsync(AwsIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Resolve must not call STS.");
    }

    private sealed class UnusedEksAuth(PodIdentityOptions options) : IAssumeRoleForPodIdentity
    {
        public PodIdentityOptions Options => options;

        public Task<Attempt<CloudIdentity>> AssumeAsync(PodIdentityRequest request, ServiceAccountToken token, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Resolve must not call EKS Auth.");
    }
}
