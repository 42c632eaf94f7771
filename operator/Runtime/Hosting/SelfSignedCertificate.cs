using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Operator.Runtime.Hosting;

/// <summary>
/// The metrics listener's certificate when none is configured: made in memory at start, as controller-runtime does for its
/// secure metrics. It only keeps the bearer token off the wire in clear; the scraper does not verify it (config/prometheus).
/// </summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create(string commonName, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        // Re-imported so Kestrel on Linux can use the private key (an ephemeral key from CreateSelfSigned works, but a
        // PKCS#12 round trip is the documented portable way).
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
