using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// HttpClients for http targets that bring their own CA bundle: one per distinct bundle, kept for the process
/// (bundles are few and rarely change), trusting exactly that bundle's roots instead of the system's. Host-name
/// checks stay on. Targets without a bundle use the named client <see cref="TargetHttpClients.Http"/>.
/// </summary>
internal sealed class HttpTargetClients(TargetHttpOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _clients = new(StringComparer.Ordinal);

    /// <summary>A client trusting the PEM bundle's certificates; InvalidSpec when it holds none.</summary>
    public Attempt<HttpClient> ForBundle(string pem)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(pem)));
        if (_clients.TryGetValue(key, out var existing))
        {
            return existing.Value;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            roots.Clear();
        }

        if (roots.Count == 0)
        {
            return ExchangeFailure.InvalidSpec("spec.target.http.caBundle holds no PEM certificate.");
        }

        return _clients.GetOrAdd(key, _ => new Lazy<HttpClient>(() => Create(roots))).Value;
    }

    private HttpClient Create(X509Certificate2Collection roots)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(roots, certificate, errors) },
        };
        return new HttpClient(handler) { Timeout = options.Timeout };
    }

    private static bool IsTrusted(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        // Only chain errors are ours to judge; a name mismatch or a missing certificate is never accepted.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
