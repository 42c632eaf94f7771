using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi.Auth;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Server;
using Operator.Testing.KubeApi.Tokens;

namespace Operator.Testing.KubeApi;

/// <summary>
/// An in-process kube-apiserver for tests: HTTPS + HTTP/2 on 127.0.0.1, one store with a global revision, watches,
/// CRDs, garbage collection and fault injection. Behaviour follows docs docs/emulators.md §1; see README.md in this folder.
/// </summary>
public sealed class KubeApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorCertificates _certificates;
    private readonly string _token;

    private KubeApiEmulator(WebApplication app, EmulatorCertificates certificates, string token, Uri baseAddress, ClusterState cluster, FaultInjector faults)
    {
        _app = app;
        _certificates = certificates;
        _token = token;
        BaseAddress = baseAddress;
        Cluster = cluster;
        Faults = faults;
        ClientConfiguration = new KubernetesClientConfiguration
        {
            Host = baseAddress.ToString().TrimEnd('/'),
            AccessToken = token,
            SslCaCerts = [X509CertificateLoader.LoadCertificate(certificates.Authority.RawData)],
        };
    }

    /// <summary>`https://127.0.0.1:&lt;port&gt;/`.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Trusts the emulator's CA and carries its bearer token.</summary>
    public KubernetesClientConfiguration ClientConfiguration { get; }

    public FaultInjector Faults { get; }

    public TimeProvider Time => Cluster.Time;

    /// <summary>The bearer token requests must carry (also in <see cref="ClientConfiguration"/> and the kubeconfig).</summary>
    public string BearerToken => _token;

    /// <summary>The CA certificate (PEM) that signed the serving certificate.</summary>
    public string CertificateAuthorityPem => _certificates.AuthorityPem;

    /// <summary>The CA certificate, e.g. for an HttpClient's custom trust store.</summary>
    public X509Certificate2 CertificateAuthority => _certificates.Authority;

    internal ClusterState Cluster { get; }

    internal IServiceProvider Services => _app.Services;

    public static async Task<KubeApiEmulator> StartAsync(KubeApiEmulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new KubeApiEmulatorOptions();
        var token = options.BearerToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var cluster = new ClusterState(options);
        var faults = new FaultInjector();
        var certificates = EmulatorCertificates.Create(TimeProvider.System);
        var app = EmulatorHost.Build(cluster, faults, certificates, token);
        Controllers.Start(cluster, app.Services);
        ClusterSeed.Apply(cluster);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        var baseAddress = new Uri($"https://127.0.0.1:{port}/");
        options.Issuer ??= new Uri(baseAddress.ToString().TrimEnd('/'));
        return new KubeApiEmulator(app, certificates, token, baseAddress, cluster, faults);
    }

    public Kubernetes CreateClient() => new(ClientConfiguration);

    /// <summary>A client that authenticates with <paramref name="bearerToken"/> (e.g. a ServiceAccount token) instead of the admin token.</summary>
    public Kubernetes CreateClient(string bearerToken) => new(new KubernetesClientConfiguration
    {
        Host = ClientConfiguration.Host,
        AccessToken = bearerToken,
        SslCaCerts = ClientConfiguration.SslCaCerts,
    });

    /// <summary>Every authenticated request with its RBAC decision (Auth/RequestLog), for tests of what a client calls.</summary>
    public RequestLog Requests => Services.GetRequiredService<RequestLog>();

    /// <summary>
    /// A TokenRequest token for the ServiceAccount <paramref name="ns"/>/<paramref name="name"/> with the API server's
    /// audience, so it authenticates to this emulator as <c>system:serviceaccount:ns:name</c>; throws when refused.
    /// </summary>
    public string CreateServiceAccountToken(string ns, string name, long expirationSeconds = 86400)
    {
        var result = Services.GetRequiredService<ServiceAccountIssuer>().TokenRequests.Create(ns, name,
            new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["expirationSeconds"] = expirationSeconds } });
        return result.Created?["status"]?["token"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"TokenRequest for {ns}/{name} refused: {result.Rejection?.ToStatus().ToJsonString()}");
    }

    /// <summary>Writes a kubeconfig (certificate-authority-data, token, namespace default) that kubectl accepts.</summary>
    public void WriteKubeconfig(string path) =>
        File.WriteAllText(path, KubeconfigWriter.Render(BaseAddress, _certificates.AuthorityPem, _token));

    /// <summary>The same kubeconfig with another bearer token (a ServiceAccount's, from <see cref="CreateServiceAccountToken"/>).</summary>
    public void WriteKubeconfig(string path, string bearerToken) =>
        File.WriteAllText(path, KubeconfigWriter.Render(BaseAddress, _certificates.AuthorityPem, bearerToken));

    /// <summary>An HttpClient for raw requests: trusts the CA, sends the bearer token, prefers HTTP/2.</summary>
    public HttpClient CreateHttpClient(bool authenticated = true)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null && TrustsChain(certificate);
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, DefaultRequestVersion = System.Net.HttpVersion.Version20 };
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", _token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Faults.EndWatches(abrupt: true);
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificates.Dispose();
    }

    private bool TrustsChain(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_certificates.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
