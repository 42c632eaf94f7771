using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Operator.Testing.Clouds.Oidc;

/// <summary>
/// Which HTTPS servers an emulated cloud fetches OIDC metadata and keys from: certificates chaining to one of the
/// registered authorities (the test CA, a cluster's CA), for the right host name. Shared by every emulator that fetches
/// an issuer's keys (AWS STS, Google STS, Entra, SingleStore's Entra verifier).
/// </summary>
internal sealed class IssuerCertificateTrust
{
    private readonly ConcurrentBag<X509Certificate2> _authorities = [CloudCertificateAuthority.Shared.Certificate];

    public void Add(X509Certificate2 authority) => _authorities.Add(authority);

    /// <summary>An HttpClient that trusts only the registered authorities (never "accept any certificate").</summary>
    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accepts(certificate, errors) },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    internal bool Accepts(X509Certificate? certificate, SslPolicyErrors errors)
    {
        // Chain errors are expected (these authorities are not system roots) and re-checked below; a name mismatch is not.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities.ToArray());
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
