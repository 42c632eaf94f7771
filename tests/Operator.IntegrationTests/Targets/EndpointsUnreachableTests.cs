using Operator.Api.V1Alpha1;
using Operator.IntegrationTests.Credentials;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The endpoint an exchange starts at is unreachable (nothing listens where the operator is told it is): STS for IRSA,
/// EKS Auth for Pod Identity, for every AWS target; the http target's own endpoint for the kubernetes provider's
/// serviceAccountToken proof. ExchangeFailed naming the endpoint, retried, no Secret.
/// </summary>
/// <remarks>
/// One operator serves every case, so its breaker for the endpoint may already be open when a case starts (the status
/// then says the endpoint "keeps failing"): each case waits until its own credential's probe has failed, and deletes
/// the credential at the end so that the next case's credential gets the probes.
/// </remarks>
public sealed class EndpointsUnreachableTests : IAsyncLifetime
{
    private const string Unreachable = "https://127.0.0.1:1/";

    private OperatorTestbed _testbed = null!;
    private Cluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _testbed = await OperatorTestbed.StartAsync();
        _cluster = new Cluster(_testbed);
        // Later arguments override the testbed's endpoints; port 1 on loopback refuses connections.
        await _testbed.StartOperatorAsync("--Operator:Aws:StsEndpoint=" + Unreachable, "--Operator:Aws:PodIdentity:Endpoint=" + Unreachable,
            "--Operator:Targets:Timeout=00:00:05");
    }

    public async ValueTask DisposeAsync() => await _testbed.DisposeAsync();

    public static MatrixTheoryData<string, string> AwsPairs => new([AwsProviderModes.Irsa, AwsProviderModes.PodIdentity], AwsTargets.Names);

    [Theory]
    [MemberData(nameof(AwsPairs))]
    public async Task StsOrEksAuthUnreachable_IsExchangeFailed_AndRetried(string mode, string target)
    {
        var ns = $"{(mode == AwsProviderModes.PodIdentity ? "pod" : "irsa")}-down-{AwsTargets.Slug(target)}";
        var credential = Cluster.Credential(ns, "app-token", "app");
        if (mode == AwsProviderModes.PodIdentity)
        {
            await _testbed.AddPodIdentityServiceAccountAsync(ns, "app", ns + "-app");
            credential = credential with
            {
                Spec = credential.Spec with { Provider = new ProviderSpec { Aws = new AwsProviderSpec { Mode = AwsProviderModes.PodIdentity } } },
            };
        }
        else
        {
            await _testbed.AddIrsaServiceAccountAsync(ns, "app", ns + "-app");
        }

        // Never reached: the exchange stops at STS or EKS Auth.
        await _cluster.CreateAsync(credential with { Spec = credential.Spec with { Target = AwsTargets.Spec(target, new Uri(Unreachable)) } });

        await FailsAndRetriesAsync(ns, mode == AwsProviderModes.PodIdentity
            ? $"Could not call EKS Auth AssumeRoleForPodIdentity at {Unreachable}clusters/{OperatorTestbed.EksClusterName}/assume-role-for-pod-identity"
            : $"Could not call STS AssumeRoleWithWebIdentity at {Unreachable}");
    }

    [Fact]
    public async Task HttpEndpointUnreachable_ForAServiceAccountTokenProof_IsExchangeFailed_AndRetried()
    {
        const string ns = "k8s-down-http";
        await _testbed.EnsureNamespaceAsync(ns);
        await _cluster.Client.CreateAsync(ServiceAccounts.Consenting("app", ns));
        var credential = Cluster.Credential(ns, "app-token", "app");
        await _cluster.CreateAsync(credential with
        {
            Spec = credential.Spec with
            {
                Provider = null,
                Target = new TargetSpec
                {
                    Http = new HttpTargetSpec
                    {
                        Url = Unreachable + "login",
                        Proof = new HttpProof { Kind = HttpProofKind.ServiceAccountToken, Audience = "https://login.example.com" },
                        Response = new HttpResponseMapping { TokenPath = "token", ExpiresInPath = "expires_in" },
                    },
                },
            },
        });

        await FailsAndRetriesAsync(ns, $"is unreachable (POST {Unreachable}login)");
    }

    private async Task FailsAndRetriesAsync(string ns, string message)
    {
        try
        {
            // The first outcome of a call of this credential's own: any answer but the open breaker's (or a ServiceAccount
            // the operator's cache has not seen yet) ends the wait, so a reachable endpoint fails the test at once.
            var failed = await Eventually.MatchAsync(() => _cluster.GetAsync(ns, "app-token"),
                c => Cluster.Ready(c) is { } ready && ready.Reason != "ServiceAccountNotFound"
                    && !(ready.Reason == "ExchangeFailed" && ready.Message?.Contains("keeps failing", StringComparison.Ordinal) == true),
                $"{ns}/app-token to be tried against the endpoint", TimeSpan.FromSeconds(60),
                c => $"status {k8s.KubernetesJson.Serialize(c?.Status)}");

            Assert.Equal("ExchangeFailed", Cluster.Ready(failed)!.Reason);
            Assert.Contains(message, Cluster.Ready(failed)!.Message, StringComparison.Ordinal);
            Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
            await Eventually.MatchAsync(() => _cluster.GetAsync(ns, "app-token"), c => c.Status!.Failures >= 2, "a retry");
            Assert.Null(await _cluster.SecretAsync(ns, "app-token"));
            NoSecretsLogged.Assert(_testbed);
        }
        finally
        {
            await _cluster.DeleteAsync(ns, "app-token");
        }
    }
}
