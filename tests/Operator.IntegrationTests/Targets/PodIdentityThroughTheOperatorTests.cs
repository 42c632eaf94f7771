using k8s.Autorest;
using k8s.Models;
using Microsoft.IdentityModel.JsonWebTokens;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Oidc;
using Operator.Testing.Clouds.Vault;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// <c>spec.provider.aws.mode: podIdentity</c> end to end through the real operator host: the ServiceAccount carries no
/// IRSA annotation, EKS Auth (verifying the operator's SigV4 signature, the cluster's token for pods.eks.amazonaws.com
/// and the association) gives the association's role, and each AWS target accepts proofs made with it. The emulator
/// grants eight-second credentials here, so each success also shows a refresh.
/// </summary>
public sealed class PodIdentityThroughTheOperatorTests : IClassFixture<TargetOperatorFixture>
{
    private readonly TargetOperatorFixture _fixture;
    private readonly Cluster _cluster;

    public PodIdentityThroughTheOperatorTests(TargetOperatorFixture fixture)
    {
        _fixture = fixture;
        _cluster = new Cluster(fixture.Testbed);
        fixture.Testbed.EksAuth.GrantedLifetime = TimeSpan.FromSeconds(8);
    }

    private static DelegatedCredential Credential(string ns, TargetSpec target, string? region = null)
    {
        var credential = Cluster.Credential(ns, "app-token", "app");
        return credential with
        {
            Spec = credential.Spec with
            {
                Provider = new ProviderSpec { Aws = new AwsProviderSpec { Mode = AwsProviderModes.PodIdentity, Region = region } },
                Target = target,
            },
        };
    }

    private async Task<string> CreateAsync(string ns, TargetSpec target, string? roleName = null, string? region = null)
    {
        var roleArn = await _fixture.Testbed.AddPodIdentityServiceAccountAsync(ns, "app", roleName ?? ns + "-app");
        await _cluster.CreateAsync(Credential(ns, target, region));
        return roleArn;
    }

    private async Task<(DelegatedCredential Credential, V1Secret Refreshed)> IssuedThenRefreshedAsync(string ns)
    {
        await _cluster.ReadyAsync(ns, "app-token", "Issued");
        var first = (await _cluster.SecretAsync(ns, "app-token"))!;
        var credential = await _cluster.ReadyAsync(ns, "app-token", "Refreshed");
        var refreshed = (await _cluster.SecretAsync(ns, "app-token"))!;
        Assert.False(Cluster.SameData(first, refreshed), "the refresh wrote a new credential");
        NoSecretsLogged.Assert(_fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(_fixture.Testbed);
        return (credential, refreshed);
    }

    [Fact]
    public async Task AwsCredentials_IsReadyAndRefreshed_WithTheAssociationsRole()
    {
        await CreateAsync("pod-awscreds", new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() }, region: "eu-west-1");

        var (credential, refreshed) = await IssuedThenRefreshedAsync("pod-awscreds");

        var grant = _fixture.Testbed.EksAuth.Grants.Last(g => g.Association.Namespace == "pod-awscreds");
        Assert.Equal(grant.Credential.AccessKeyId, Cluster.Text(refreshed, "AWS_ACCESS_KEY_ID"));
        Assert.Equal("eu-west-1", Cluster.Text(refreshed, "AWS_REGION"));
        Assert.StartsWith($"arn:aws:sts::{_fixture.Testbed.Sts.Account}:assumed-role/pod-awscreds-app/eks-{OperatorTestbedCluster}-app-", credential.Status!.Identity, StringComparison.Ordinal);
        Assert.EndsWith($"(Pod Identity association {grant.Association.AssociationId})", credential.Status.Identity, StringComparison.Ordinal);
        Assert.Equal("aws", credential.Status.Provider);
        // Signed by the operator's own AWS identity, never by a workload's.
        Assert.All(_fixture.Testbed.EksAuth.Grants, g => Assert.Equal(_fixture.Testbed.OperatorAwsUser.AssumedRoleArn, g.CallerArn));
    }

    [Fact]
    public async Task Datadog_AcceptsTheProof_AndIsRefreshed()
    {
        _fixture.Datadog.AddOrg("99999999-2222-3333-4444-555555555555", $"arn:aws:iam::{_fixture.Testbed.Sts.Account}:role/pod-datadog-app");
        await CreateAsync("pod-datadog", new TargetSpec
        {
            Datadog = new DatadogTargetSpec { OrgUuid = "99999999-2222-3333-4444-555555555555", Url = _fixture.Vendors.BaseAddress.ToString() },
        });

        var (_, refreshed) = await IssuedThenRefreshedAsync("pod-datadog");

        Assert.Contains(_fixture.Datadog.Issued, t => t.AccessToken == Cluster.Text(refreshed, "token"));
    }

    [Fact]
    public async Task SingleStore_AcceptsTheCredentials_AndIsRefreshed()
    {
        await CreateAsync("pod-singlestore", new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec
            {
                Kind = SingleStoreJwtKind.Database,
                WorkspaceGroupId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                ServerUrl = _fixture.Vendors.BaseAddress.ToString(),
            },
        });

        var (_, refreshed) = await IssuedThenRefreshedAsync("pod-singlestore");

        var jwt = new JsonWebToken(Cluster.Text(refreshed, "jwt"));
        Assert.StartsWith($"arn:aws:sts::{_fixture.Testbed.Sts.Account}:assumed-role/pod-singlestore-app/eks-", jwt.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpAwsLogin_AcceptsTheCredentials_AndIsRefreshed()
    {
        await CreateAsync("pod-http", new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(_fixture.Vendors.BaseAddress, "aws-login").ToString(),
                Proof = new HttpProof { Kind = HttpProofKind.AwsCredentials },
                Response = new HttpResponseMapping { TokenPath = "api_key", TokenKey = "api-key", ExpiresAtPath = "expires_at" },
            },
        }, roleName: TargetOperatorFixture.LoginRole);

        var (_, refreshed) = await IssuedThenRefreshedAsync("pod-http");

        Assert.Contains(_fixture.AwsLogin.Issued, k => k.ApiKey == Cluster.Text(refreshed, "api-key"));
    }

    [Fact]
    public async Task HttpVaultLogin_WithASignedCallerIdentity_IsBoundToTheAssociationsRole_AndIsRefreshed()
    {
        // Vault's AWS auth (bound_iam_principal_arn) sees the association's role through the signed GetCallerIdentity,
        // and checks the signed server-ID header, as samples/http-vault-aws-login.yaml is set up.
        var roleArn = await _fixture.Testbed.AddPodIdentityServiceAccountAsync("pod-vault", "app", "pod-vault-app");
        _fixture.Vault.AddRole("billing", roleArn);
        _fixture.Vault.ServerId = VaultServerId;
        await _cluster.CreateAsync(Credential("pod-vault", new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(_fixture.Vendors.BaseAddress, VaultAwsAuthEmulator.Path.TrimStart('/')).ToString(),
                Proof = new HttpProof
                {
                    Kind = HttpProofKind.AwsSignedCallerIdentity,
                    SignedHeaders = new Dictionary<string, string> { [VaultAwsAuthEmulator.ServerIdHeader] = VaultServerId },
                },
                StaticFields = new Dictionary<string, string> { ["role"] = "billing" },
                Response = new HttpResponseMapping { TokenPath = "auth.client_token", ExpiresInPath = "auth.lease_duration" },
            },
        }));

        var (credential, refreshed) = await IssuedThenRefreshedAsync("pod-vault");

        Assert.StartsWith("hvs.", Cluster.Text(refreshed, "token"), StringComparison.Ordinal);
        Assert.Contains("/pod-vault-app/eks-", credential.Status!.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpVaultLogin_ForARoleVaultDoesNotBind_IsIdentityDenied_AndWritesNothing()
    {
        await _fixture.Testbed.AddPodIdentityServiceAccountAsync("pod-vault-unbound", "app", "pod-vault-unbound-app");
        _fixture.Vault.AddRole("reports", $"arn:aws:iam::{_fixture.Testbed.Sts.Account}:role/someone-else");
        _fixture.Vault.ServerId = VaultServerId;
        await _cluster.CreateAsync(Credential("pod-vault-unbound", new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(_fixture.Vendors.BaseAddress, VaultAwsAuthEmulator.Path.TrimStart('/')).ToString(),
                Proof = new HttpProof
                {
                    Kind = HttpProofKind.AwsSignedCallerIdentity,
                    SignedHeaders = new Dictionary<string, string> { [VaultAwsAuthEmulator.ServerIdHeader] = VaultServerId },
                },
                StaticFields = new Dictionary<string, string> { ["role"] = "reports" },
                Response = new HttpResponseMapping { TokenPath = "auth.client_token", ExpiresInPath = "auth.lease_duration" },
            },
        }));

        var credential = await _cluster.ReadyAsync("pod-vault-unbound", "app-token", "IdentityDenied");

        Assert.Contains("HTTP 403", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("pod-vault-unbound", "app-token"));
    }

    [Theory]
    [MemberData(nameof(AwsTargets.All), MemberType = typeof(AwsTargets))]
    public async Task NoAssociation_IsIdentityDenied_NamingResourceNotFound_AndNoSecretIsWritten(string target)
    {
        var ns = "pod-noassoc-" + AwsTargets.Slug(target);
        await _fixture.Testbed.EnsureNamespaceAsync(ns);
        await _cluster.Client.CreateAsync(ServiceAccounts.Consenting("app", ns));
        await _cluster.CreateAsync(Credential(ns, AwsTargets.Spec(target, _fixture.Vendors.BaseAddress)));

        var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

        Assert.Contains("ResourceNotFoundException", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
    }

    [Fact]
    public async Task AnIrsaAnnotatedServiceAccountWithoutAssociation_DoesNotFallBackToIrsa()
    {
        await _fixture.Testbed.AddIrsaServiceAccountAsync("pod-irsa-only", "app", "pod-irsa-only-app");
        await _cluster.CreateAsync(Credential("pod-irsa-only", new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() }));

        await _cluster.ReadyAsync("pod-irsa-only", "app-token", "IdentityDenied");

        Assert.DoesNotContain(_fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains("/pod-irsa-only-app/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Pod Identity's audience is always pods.eks.amazonaws.com: a spec cannot ask for another (so no wrong audience
    /// reaches EKS Auth), whatever the target.
    /// </summary>
    [Theory]
    [InlineData("roleArn", "arn:aws:iam::123456789012:role/admin", "awsCredentials")]
    [InlineData("audience", "sts.amazonaws.com", "awsCredentials")]
    [InlineData("audience", "sts.amazonaws.com", "datadog")]
    [InlineData("audience", "sts.amazonaws.com", "singlestore")]
    [InlineData("audience", "sts.amazonaws.com", "http/awsCredentials")]
    [InlineData("audience", "sts.amazonaws.com", "http/awsSignedCallerIdentity")]
    public async Task ARoleOrAudienceInTheSpec_IsRefusedByTheApiServer(string field, string value, string target)
    {
        var ns = "pod-refuse-" + field.ToLowerInvariant() + "-" + AwsTargets.Slug(target);
        await _fixture.Testbed.AddPodIdentityServiceAccountAsync(ns, "app", ns + "-app");
        var credential = Credential(ns, AwsTargets.Spec(target, _fixture.Vendors.BaseAddress));
        var aws = credential.Spec.Provider!.Aws!;
        credential = credential with
        {
            Spec = credential.Spec with
            {
                Provider = new ProviderSpec { Aws = field == "roleArn" ? aws with { RoleArn = value } : aws with { Audience = value } },
            },
        };

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.CreateAsync(credential));

        Assert.Equal(422, (int)refused.Response.StatusCode);
        Assert.Contains("spec.provider.aws.mode", refused.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenTheClustersIssuerDidNotSign_IsIdentityDenied_NamingInvalidToken()
    {
        using var elsewhere = new OidcIssuer("elsewhere", TimeProvider.System);
        await using var host = await CloudHost.StartAsync(elsewhere);
        _fixture.Testbed.EksAuth.AddCluster(OperatorTestbedCluster, elsewhere.Issuer);
        try
        {
            await CreateAsync("pod-badtoken", new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() });

            var credential = await _cluster.ReadyAsync("pod-badtoken", "app-token", "IdentityDenied");

            Assert.Contains("InvalidTokenException", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        }
        finally
        {
            _fixture.Testbed.EksAuth.AddCluster(OperatorTestbedCluster, _fixture.Testbed.ServiceAccountIssuer);
        }
    }

    [Theory]
    [MemberData(nameof(AwsTargets.All), MemberType = typeof(AwsTargets))]
    public async Task AnExpiredToken_IsIdentityDenied_NamingExpiredToken(string target)
    {
        var ns = "pod-expired-" + AwsTargets.Slug(target);
        // Every token looks an hour older to EKS Auth than it is: expired on arrival.
        _fixture.Testbed.EksAuth.Tokens.ClockSkew = TimeSpan.FromHours(-1);
        try
        {
            await CreateAsync(ns, AwsTargets.Spec(target, _fixture.Vendors.BaseAddress));

            var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

            Assert.Contains("ExpiredTokenException", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
            Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
        }
        finally
        {
            _fixture.Testbed.EksAuth.Tokens.ClockSkew = TimeSpan.FromMinutes(1);
        }
    }

    [Fact]
    public async Task AnOutage_KeepsTheLastGoodSecret_ThenRecovers()
    {
        await CreateAsync("pod-outage", new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() });
        await _cluster.ReadyAsync("pod-outage", "app-token", "Issued");
        var good = (await _cluster.SecretAsync("pod-outage", "app-token"))!;

        _fixture.Testbed.EksAuth.Faults.FailAll(CloudFault.Status(503));
        try
        {
            var failing = await _cluster.ReadyAsync("pod-outage", "app-token", "RefreshFailed");

            Assert.Contains("ExchangeFailed", Cluster.Ready(failing)!.Message, StringComparison.Ordinal);
            Assert.True(Cluster.SameData(good, (await _cluster.SecretAsync("pod-outage", "app-token"))!));
        }
        finally
        {
            _fixture.Testbed.EksAuth.Faults.Clear();
        }

        await _cluster.ReadyAsync("pod-outage", "app-token", "Refreshed", TimeSpan.FromSeconds(60));
    }

    private const string VaultServerId = "vault.pod-identity.example";

    private const string OperatorTestbedCluster = Operator.Testing.Harness.OperatorTestbed.EksClusterName;
}
