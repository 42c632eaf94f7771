using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Operator.Testing.Clouds;

/// <summary>
/// A private CA for the cloud emulators: it issues the TLS certificate each <see cref="CloudHost"/> serves, and
/// clients trust exactly this CA (never "accept any certificate"), so TLS is verified in tests as in production.
/// </summary>
internal sealed class CloudCertificateAuthority : IDisposable
{
    private static readonly Lazy<CloudCertificateAuthority> s_shared = new(() => new CloudCertificateAuthority("cloud-emulators"));
    private readonly ECDsa _key;

    public CloudCertificateAuthority(string name)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>One CA for the whole test process: every emulator host's certificate chains to it.</summary>
    public static CloudCertificateAuthority Shared => s_shared.Value;

    /// <summary>The CA certificate (public part only is meaningful to clients).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM, for clients configured with a CA bundle file or string.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Issues a server certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(Certificate, now.AddHours(-1), now.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so the key is not ephemeral (SslStream wants a persisted key on some platforms).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A handler that trusts this CA only (system roots are not consulted).</summary>
    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(certificate) },
    };

    /// <summary>An HttpClient that trusts this CA only.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler());

    /// <summary>Whether a certificate chains to this CA; usable as a RemoteCertificateValidationCallback body.</summary>
    public bool IsTrusted(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
