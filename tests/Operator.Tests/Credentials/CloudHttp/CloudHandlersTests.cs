using System.Net;
using System.Security.Cryptography.X509Certificates;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Tls;
using Operator.Hosting;
using Operator.Testing.Clouds;

namespace Operator.Tests.Credentials.CloudHttp;

/// <summary>
/// The operator's cloud handlers (<c>CredentialServiceCollectionExtensions.CloudHandlers</c>) with the host policy:
/// refused addresses are never dialled, loopback is refused unless listed, redirects are never followed.
/// Only loopback is ever dialled here.
/// </summary>
public sealed class CloudHandlersTests : IAsyncLifetime
{
    private static readonly CustomRootTrust s_emulatorCa = new(new X509Certificate2Collection(CloudCertificateAuthority.Shared.Certificate), alsoSystemRoots: false);
    private readonly RequestRecorder _first = new();
    private readonly RequestRecorder _second = new();
    private CloudHost? _firstHost;
    private CloudHost? _secondHost;

    private CloudHost First => _firstHost!;

    private CloudHost Second => _secondHost!;

    public async ValueTask InitializeAsync()
    {
        _firstHost = await CloudHost.StartAsync(_first);
        _secondHost = await CloudHost.StartAsync(_second);
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    /// <summary>Both loopback addresses allowed: only the redirect refusal can stop a request to the second host.</summary>
    private static HostPolicy LoopbackAllowed() => new(new HostPolicyOptions { AllowedHosts = ["127.0.0.1", "::1"] });

    private static HttpClient Client(HostPolicy policy) => new(CredentialServiceCollectionExtensions.CloudHandlers(s_emulatorCa, policy)());

    [Fact]
    public async Task HostResolvingToTheMetadataAddress_IsRefused_WithoutASocketOpened()
    {
        var resolved = new List<string>();
        var dialled = new List<IPEndPoint>();
        var policy = new HostPolicy(new HostPolicyOptions(),
            (name, _) =>
            {
                resolved.Add(name);
                return Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") });
            },
            (endpoint, _) =>
            {
                dialled.Add(endpoint);
                throw new InvalidOperationException("no socket may be opened");
            });
        using var client = Client(policy);

        var failure = await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            client.PostAsync("https://metadata.internal.test/latest/api/token", new StringContent("x"), TestContext.Current.CancellationToken));

        Assert.Equal(["metadata.internal.test"], resolved);
        Assert.Empty(dialled);
        Assert.Contains("metadata.internal.test resolves to 169.254.169.254, which is link-local",
            HostPolicyException.Find(failure)?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackEmulatorNotInTheAllowedList_IsRefused()
    {
        using var client = Client(new HostPolicy(new HostPolicyOptions { AllowedHosts = ["10.1.2.3"] }));

        var failure = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(First.BaseAddress, TestContext.Current.CancellationToken));

        Assert.Equal("refused by the operator's host policy: 127.0.0.1 is loopback (Operator:HostPolicy)", HostPolicyException.Find(failure)?.Message);
        Assert.Empty(_first.Requests);
    }

    [Fact]
    public async Task LoopbackEmulatorInTheAllowedList_IsReached()
    {
        using var client = Client(new HostPolicy(new HostPolicyOptions { AllowedHosts = [$"127.0.0.1:{First.BaseAddress.Port}"] }));

        using var response = await client.GetAsync(First.BaseAddress, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_first.Requests);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_IsRefused_AndTheSecondHostReceivesNothing(int status)
    {
        var elsewhere = new Uri($"https://localhost:{Second.BaseAddress.Port}/collect?from=redirect");
        _first.Faults.Next(1, RequestRecorder.Redirect(status, elsewhere));
        using var client = Client(LoopbackAllowed());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(First.BaseAddress, "login"))
        {
            Content = new StringContent("""{"secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}"""),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Delegated proof-proof-proof");
        request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "session-token-session-token");

        var failure = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.SendAsync(request, TestContext.Current.CancellationToken));

        var refused = HostPolicyException.Find(failure);
        Assert.NotNull(refused);
        Assert.Contains($"HTTP {status}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("a redirect to localhost;", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("collect", refused.Message, StringComparison.Ordinal);
        Assert.Single(_first.Requests);
        Assert.Empty(_second.Requests);
    }
}
