using k8s;
using k8s.Models;
using Microsoft.IdentityModel.JsonWebTokens;
using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// Each target end to end through the real operator host: a DelegatedCredential becomes Ready with the target's
/// Secret keys, and (for the vendor targets, whose emulators grant six seconds) is refreshed before it expires.
/// </summary>
public sealed class TargetsThroughTheOperatorTests(TargetOperatorFixture fixture) : IClassFixture<TargetOperatorFixture>
{
    private readonly Cluster _cluster = new(fixture.Testbed);

    /// <param name="trusted">False: the role's trust policy admits another ServiceAccount of the namespace, not <c>app</c>.</param>
    private async Task<DelegatedCredential> CreateAsync(string ns, TargetSpec target, bool aws = true, string? audience = null, bool trusted = true)
    {
        if (aws)
        {
            var role = ns == "target-http" ? TargetOperatorFixture.LoginRole : ns + "-app";
            await fixture.Testbed.AddIrsaServiceAccountAsync(ns, "app", role);
            if (!trusted)
            {
                fixture.Testbed.TrustRole(role, ns, "someone-else");
            }
        }
        else
        {
            await fixture.Testbed.EnsureNamespaceAsync(ns);
            await _cluster.Client.CreateAsync(ServiceAccounts.Consenting("app", ns));
        }

        var credential = Cluster.Credential(ns, "app-token", "app");
        credential = credential with
        {
            Spec = credential.Spec with
            {
                Target = target,
                Provider = aws ? credential.Spec.Provider! with { Aws = credential.Spec.Provider!.Aws! with { Audience = audience } } : null,
            },
        };
        await _cluster.CreateAsync(credential);
        return credential;
    }

    private async Task<(V1Secret First, V1Secret Refreshed)> IssuedThenRefreshedAsync(string ns)
    {
        await _cluster.ReadyAsync(ns, "app-token", "Issued");
        var first = (await _cluster.SecretAsync(ns, "app-token"))!;
        await _cluster.ReadyAsync(ns, "app-token", "Refreshed");
        var refreshed = (await _cluster.SecretAsync(ns, "app-token"))!;
        Assert.False(Cluster.SameData(first, refreshed), "the refresh wrote a new credential");
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
        return (first, refreshed);
    }

    [Fact]
    public async Task Datadog_IsReadyAndRefreshed()
    {
        await CreateAsync("target-datadog", new TargetSpec
        {
            Datadog = new DatadogTargetSpec { OrgUuid = TargetOperatorFixture.Org, Url = fixture.Vendors.BaseAddress.ToString() },
        });

        var (_, refreshed) = await IssuedThenRefreshedAsync("target-datadog");

        Assert.Contains(fixture.Datadog.Issued, t => t.AccessToken == Cluster.Text(refreshed, "token"));
        Assert.Equal("datadoghq.com", Cluster.Text(refreshed, "site"));
    }

    [Fact]
    public async Task Datadog_RefusingARefresh_KeepsTheLastGoodSecret_AndReportsTheStatus()
    {
        await CreateAsync("target-datadog-500", new TargetSpec
        {
            Datadog = new DatadogTargetSpec { OrgUuid = TargetOperatorFixture.Org, Url = fixture.Vendors.BaseAddress.ToString() },
        });
        await _cluster.ReadyAsync("target-datadog-500", "app-token", "Issued");
        var good = (await _cluster.SecretAsync("target-datadog-500", "app-token"))!;

        fixture.Datadog.Faults.FailNext(1000, 500);
        try
        {
            var failing = await _cluster.ReadyAsync("target-datadog-500", "app-token", "RefreshFailed");

            Assert.Equal("True", Cluster.Ready(failing)!.Status);
            // Datadog's 500, or, once the fixture's other Datadog credentials have failed their refreshes against the same
            // faults too, the datadog breaker it opened (per target type: Credentials/Throttling/EndpointBreakers).
            Assert.Matches("HTTP 500|datadog keeps failing; exchanges wait for a probe", Cluster.Ready(failing)!.Message);
            Assert.True(Cluster.SameData(good, (await _cluster.SecretAsync("target-datadog-500", "app-token"))!), "the last good token is kept");
        }
        finally
        {
            fixture.Datadog.Faults.Clear();
        }

        await _cluster.ReadyAsync("target-datadog-500", "app-token", "Refreshed");
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
    }

    [Fact]
    public async Task SingleStore_IsReadyAndRefreshed()
    {
        await CreateAsync("target-singlestore", new TargetSpec
        {
            SingleStore = new SingleStoreTargetSpec
            {
                Kind = SingleStoreJwtKind.Database,
                WorkspaceGroupId = "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                ServerUrl = fixture.Vendors.BaseAddress.ToString(),
            },
        });

        var (_, refreshed) = await IssuedThenRefreshedAsync("target-singlestore");

        var jwt = new JsonWebToken(Cluster.Text(refreshed, "jwt"));
        Assert.StartsWith($"arn:aws:sts::{fixture.Testbed.Sts.Account}:assumed-role/target-singlestore-app/", jwt.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpAwsLogin_WithACaBundleFromAConfigMap_IsReadyAndRefreshed()
    {
        await fixture.Testbed.EnsureNamespaceAsync("target-http");
        await _cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "internal-ca" },
            Data = new Dictionary<string, string> { ["ca.crt"] = fixture.Vendors.Authority.CertificatePem },
        }, "target-http");
        await CreateAsync("target-http", new TargetSpec
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(fixture.Vendors.BaseAddress, "aws-login").ToString(),
                CaBundle = new CaBundleSource { ConfigMapKeyRef = new KeyReference { Name = "internal-ca", Key = "ca.crt" } },
                Proof = new HttpProof { Kind = HttpProofKind.AwsCredentials },
                Response = new HttpResponseMapping
                {
                    TokenPath = "api_key",
                    TokenKey = "api-key",
                    ExpiresAtPath = "expires_at",
                    ExtraKeys = [new HttpExtraKey { Key = "username", Path = "username" }],
                },
            },
        });

        var (_, refreshed) = await IssuedThenRefreshedAsync("target-http");

        Assert.Equal("target-http.app-token", Cluster.Text(refreshed, "username"));
        Assert.Contains(fixture.AwsLogin.Issued, k => k.ApiKey == Cluster.Text(refreshed, "api-key"));
    }

    /// <summary>A tenant asking for a token the API server accepts (acting as the ServiceAccount in the cluster): refused before any TokenRequest.</summary>
    [Fact]
    public async Task ServiceAccountToken_ForTheApiServersAudience_IsInvalidSpec_AndNoSecretIsWritten()
    {
        await CreateAsync("target-satoken-api", new TargetSpec
        {
            ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "https://kubernetes.default.svc.cluster.local" },
        }, aws: false);

        var credential = await _cluster.ReadyAsync("target-satoken-api", "app-token", "InvalidSpec");

        Assert.StartsWith("spec.target.serviceAccountToken.audience", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync("target-satoken-api", "app-token"));
    }

    [Fact]
    public async Task ServiceAccountToken_WithoutAProvider_IsReady()
    {
        await CreateAsync("target-satoken", new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "https://ci.example.com" } },
            aws: false);

        var credential = await _cluster.ReadyAsync("target-satoken", "app-token", "Issued");

        var secret = (await _cluster.SecretAsync("target-satoken", "app-token"))!;
        var jwt = new JsonWebToken(Cluster.Text(secret, "token"));
        Assert.Equal(["https://ci.example.com"], jwt.Audiences);
        Assert.Equal("system:serviceaccount:target-satoken:app", jwt.Subject);
        Assert.Equal("system:serviceaccount:target-satoken:app", credential.Status!.Identity);
        Assert.InRange(credential.Status.ExpiresAt!.Value - credential.Status.IssuedAt!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        // This target's secret is a ServiceAccount token, not an STS credential: look for it by value too.
        var token = Cluster.Text(secret, "token");
        fixture.Testbed.WatchForLeaks(() => [token]);
        NoSecretsLogged.Assert(fixture.Testbed);
        await NoSecretsLogged.AssertApiObjectsCleanAsync(fixture.Testbed);
    }

    [Fact]
    public async Task HttpVaultLogin_WithASignedCallerIdentity_IsBoundToTheIrsaRole_AndIsRefreshed()
    {
        fixture.Vault.AddRole(AwsTargets.VaultRole, $"arn:aws:iam::{fixture.Testbed.Sts.Account}:role/target-vault-app");
        fixture.Vault.ServerId = AwsTargets.VaultServerId;
        await CreateAsync("target-vault", AwsTargets.Spec("http/awsSignedCallerIdentity", fixture.Vendors.BaseAddress));

        var (_, refreshed) = await IssuedThenRefreshedAsync("target-vault");

        Assert.StartsWith("hvs.", Cluster.Text(refreshed, "token"), StringComparison.Ordinal);
        Assert.Contains("assumed-role/target-vault-app/", (await _cluster.GetAsync("target-vault", "app-token")).Status!.Identity, StringComparison.Ordinal);
    }

    /// <summary>IRSA refusals of the identity, for each AWS target but awsCredentials (Credentials/RefusalTests.cs): STS stops the exchange.</summary>
    [Theory]
    [InlineData("datadog")]
    [InlineData("singlestore")]
    [InlineData("http/awsCredentials")]
    [InlineData("http/awsSignedCallerIdentity")]
    public async Task AwsTargets_RoleThatDoesNotTrustTheServiceAccount_IsIdentityDenied_AndWritesNothing(string target)
    {
        var ns = "irsa-refused-" + AwsTargets.Slug(target);
        await CreateAsync(ns, AwsTargets.Spec(target, fixture.Vendors.BaseAddress), trusted: false);

        var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

        Assert.Contains("AccessDenied", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
        Assert.DoesNotContain(fixture.Testbed.Sts.Issued, c => c.AssumedRoleArn.Contains($"/{ns}-app/", StringComparison.Ordinal));
    }

    /// <summary>The token is minted for an audience the cluster's OIDC provider in IAM does not list: STS refuses it.</summary>
    [Theory]
    [MemberData(nameof(AwsTargets.All), MemberType = typeof(AwsTargets))]
    public async Task AwsTargets_AnAudienceStsDoesNotAccept_IsIdentityDenied_AndWritesNothing(string target)
    {
        var ns = "irsa-audience-" + AwsTargets.Slug(target);
        await CreateAsync(ns, AwsTargets.Spec(target, fixture.Vendors.BaseAddress), audience: "https://elsewhere.example");

        var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

        Assert.Contains("InvalidIdentityToken", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
    }

    [Theory]
    [MemberData(nameof(AwsTargets.All), MemberType = typeof(AwsTargets))]
    public async Task AwsTargets_ATokenStsSeesAsExpired_IsIdentityDenied_AndWritesNothing(string target)
    {
        var ns = "irsa-expired-" + AwsTargets.Slug(target);
        var skew = fixture.Testbed.Sts.TokenVerifier.ClockSkew;
        // Every ServiceAccount token looks an hour older to STS than it is: expired on arrival.
        fixture.Testbed.Sts.TokenVerifier.ClockSkew = TimeSpan.FromHours(-1);
        try
        {
            await CreateAsync(ns, AwsTargets.Spec(target, fixture.Vendors.BaseAddress));

            var credential = await _cluster.ReadyAsync(ns, "app-token", "IdentityDenied");

            Assert.Contains("ExpiredTokenException", Cluster.Ready(credential)!.Message, StringComparison.Ordinal);
            Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
        }
        finally
        {
            fixture.Testbed.Sts.TokenVerifier.ClockSkew = skew;
        }
    }

    /// <summary>
    /// The kubernetes provider's refusal: the ServiceAccount does not consent to this credential
    /// (credentials.delegated.dev/allowed-credentials names another), so no token is minted for either of its targets.
    /// </summary>
    [Theory]
    [InlineData("serviceAccountToken")]
    [InlineData("http/serviceAccountToken")]
    public async Task KubernetesTargets_ServiceAccountThatDoesNotConsent_IsNotPermitted_AndWritesNothing(string target)
    {
        var ns = "k8s-refused-" + AwsTargets.Slug(target);
        await fixture.Testbed.EnsureNamespaceAsync(ns);
        await _cluster.Client.CreateAsync(ServiceAccounts.Consenting("app", ns, "someone-else"));
        var credential = Cluster.Credential(ns, "app-token", "app");
        await _cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = null,
                Target = target == "serviceAccountToken"
                    ? new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "https://ci.example.com" } }
                    : new TargetSpec
                    {
                        Http = new HttpTargetSpec
                        {
                            // Never reached: the consent check comes before any token.
                            Url = "https://127.0.0.1:1/login",
                            Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "https://login.example.com" },
                            Response = new HttpResponseMapping { TokenPath = "token", ExpiresInPath = "expires_in" },
                        },
                    },
            },
        });

        var refused = await _cluster.ReadyAsync(ns, "app-token", "NotPermitted");

        Assert.Equal("False", Cluster.Ready(refused)!.Status);
        Assert.Contains(ServiceAccounts.AllowedCredentialsAnnotation, Cluster.Ready(refused)!.Message, StringComparison.Ordinal);
        Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
    }
}
