using System.Net;
using Microsoft.AspNetCore.Http;
using System.Security.Cryptography.X509Certificates;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Targets;
using Operator.Credentials.Targets.Datadog;
using Operator.Credentials.Targets.Http;
using Operator.Credentials.Targets.SingleStore;
using Operator.Credentials.Tls;
using Operator.Hosting;
using Operator.Testing.Clouds;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// Each target type through the operator's cloud handlers against a hostile endpoint: a host that resolves to the
/// metadata address (a fake resolution; nothing is dialled), a loopback endpoint that redirects elsewhere (the second
/// host must receive nothing), and a vendor that echoes secrets into its error body (status and events get the status
/// only). Only loopback is ever dialled.
/// </summary>
public sealed class TargetHostPolicyTests : IClassFixture<TargetEmulators>, IAsyncLifetime
{
    private const string HexKey = "3f2a9c1b7e8d4f6a0b5c2e9d1a7f3b8c4e6d0a2f";
    private const string GoogleToken = "ya29.a0AfH6SMBx-hostile_echo";
    private const string Jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    private static readonly CustomRootTrust s_emulatorCa = new(new X509Certificate2Collection(CloudCertificateAuthority.Shared.Certificate), alsoSystemRoots: false);

    private readonly TargetEmulators _clouds;
    private readonly RequestRecorder _endpoint = new();
    private readonly RequestRecorder _elsewhere = new();
    private readonly FixedCaBundle _bundles = new();
    private readonly List<IPEndPoint> _dialled = [];
    private CloudHost? _endpointHost;
    private CloudHost? _elsewhereHost;

    public TargetHostPolicyTests(TargetEmulators clouds)
    {
        _clouds = clouds;
        clouds.Reset();
    }

    public async ValueTask InitializeAsync()
    {
        _endpointHost = await CloudHost.StartAsync(_endpoint);
        _elsewhereHost = await CloudHost.StartAsync(_elsewhere);
    }

    public async ValueTask DisposeAsync()
    {
        await _endpointHost!.DisposeAsync();
        await _elsewhereHost!.DisposeAsync();
    }

    public static TheoryData<string> Targets => ["datadog", "singlestore", "http", "http-caBundle"];

    /// <summary>A spec of <paramref name="kind"/> whose endpoint is <paramref name="url"/>.</summary>
    private static TargetSpec Spec(string kind, Uri url) => kind switch
    {
        "datadog" => new() { Datadog = new DatadogTargetSpec { OrgUuid = TargetEmulators.Org, Url = url.ToString() } },
        "singlestore" => new() { SingleStore = new SingleStoreTargetSpec { ServerUrl = url.ToString(), WorkspaceGroupId = "wg-1" } },
        _ => new()
        {
            Http = new HttpTargetSpec
            {
                Url = new Uri(url, "login").ToString(),
                CaBundle = kind == "http-caBundle" ? new CaBundleSource { ConfigMapKeyRef = new KeyReference { Name = "ca", Key = "ca.crt" } } : null,
                Proof = new HttpProof { Kind = HttpProofKind.AwsCredentials },
                Response = new HttpResponseMapping { TokenPath = "token", ExpiresInPath = "expires_in" },
            },
        },
    };

    private ICredentialTarget Target(string kind, HostPolicy policy) => kind switch
    {
        "datadog" => new DatadogTarget(),
        "singlestore" => new SingleStoreTarget([new AwsSingleStoreIdentityProof()]),
        _ => new HttpExchangeTarget(_bundles, new HttpTargetClients(new TargetHttpOptions { Timeout = TimeSpan.FromSeconds(10) },
            trust => CredentialServiceCollectionExtensions.CloudHandlers(trust, policy)())),
    };

    private Task<Attempt<IssuedCredential>> IssueAsync(string kind, Uri url, HostPolicy policy)
    {
        var context = new TargetContext(Objects.ForTarget(Spec(kind, url)), _clouds.Identity("sre-arena"),
            TargetEmulators.HttpClients(TimeSpan.FromSeconds(10), CredentialServiceCollectionExtensions.CloudHandlers(s_emulatorCa, policy)),
            TimeProvider.System);
        return Target(kind, policy).IssueAsync(context, TestContext.Current.CancellationToken);
    }

    /// <summary>Both loopback addresses allowed: only the redirect refusal can keep a request from the second host.</summary>
    private static HostPolicy LoopbackAllowed() => new(new HostPolicyOptions { AllowedHosts = ["127.0.0.1", "::1"] });

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task EndpointResolvingToTheMetadataAddress_IsRefusedWithoutDialling(string kind)
    {
        var policy = new HostPolicy(new HostPolicyOptions(),
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") }),
            (endpoint, _) =>
            {
                _dialled.Add(endpoint);
                throw new InvalidOperationException("no socket may be opened");
            });

        var attempt = await IssueAsync(kind, new Uri("https://vendor.metadata.test/"), policy);

        var failure = Issued.Failure(attempt, CredentialReasons.ExchangeFailed,
            "refused by the operator's host policy: vendor.metadata.test resolves to 169.254.169.254, which is link-local (Operator:HostPolicy)");
        Assert.True(failure.RefusedByHostPolicy);
        Assert.Empty(_dialled);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task LoopbackEndpointNotAllowed_IsRefused(string kind)
    {
        var attempt = await IssueAsync(kind, _endpointHost!.BaseAddress, new HostPolicy(new HostPolicyOptions()));

        Issued.Failure(attempt, CredentialReasons.ExchangeFailed, "127.0.0.1 is loopback (Operator:HostPolicy)");
        Assert.Empty(_endpoint.Requests);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Redirect_IsExchangeFailed_AndTheSecondHostReceivesNothing(string kind)
    {
        foreach (var status in new[] { 302, 307, 308 })
        {
            _endpoint.Faults.Next(1, RequestRecorder.Redirect(status, new Uri($"https://localhost:{_elsewhereHost!.BaseAddress.Port}/steal")));

            var attempt = await IssueAsync(kind, _endpointHost!.BaseAddress, LoopbackAllowed());

            var failure = Issued.Failure(attempt, CredentialReasons.ExchangeFailed, $"the answer was HTTP {status}");
            Assert.Contains("a redirect to localhost;", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("steal", failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(3, _endpoint.Requests.Count);
        Assert.Empty(_elsewhere.Requests);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task VendorEchoingSecretsIntoItsErrorBody_StatusOnly(string kind)
    {
        // The vendor quotes the request's Authorization and secrets of every shape back in its error.
        _endpoint.Faults.Next(1, new CloudFault(TimeSpan.Zero, async context =>
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/json";
            var authorization = context.Request.Headers.Authorization.ToString();
            await context.Response.WriteAsJsonAsync(new
            {
                errors = new[] { $"bad proof {authorization}", $"key {HexKey}", $"token {GoogleToken}", $"jwt {Jwt}" },
                message = "vendor-supplied words",
            }, context.RequestAborted);
        }));

        var attempt = await IssueAsync(kind, _endpointHost!.BaseAddress, LoopbackAllowed());

        var failure = Issued.Failure(attempt, CredentialReasons.IdentityDenied, "HTTP 403 (Forbidden)");
        Assert.Equal($"{(kind.StartsWith("http", StringComparison.Ordinal) ? "http" : kind)} refused the exchange: HTTP 403 (Forbidden).", failure.Message);
        Assert.Single(_endpoint.Requests);
    }

    private sealed class FixedCaBundle : ICaBundles
    {
        public Task<Attempt<string>> ReadPemAsync(string ns, CaBundleSource source, CancellationToken cancellationToken) =>
            Task.FromResult<Attempt<string>>(CloudCertificateAuthority.Shared.CertificatePem);
    }
}
