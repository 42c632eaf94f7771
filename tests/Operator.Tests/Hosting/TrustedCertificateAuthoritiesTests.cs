using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Operator.Hosting;

namespace Operator.Tests.Hosting;

/// <summary>A PEM bundle's CA is trusted for TLS servers it issued certificates to, and for nothing else.</summary>
public sealed class TrustedCertificateAuthoritiesTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private readonly X509Certificate2 _ca = NewCa("CN=bundle-ca");
    private readonly X509Certificate2 _otherCa = NewCa("CN=other-ca");

    [Theory]
    [InlineData(ServerAuth, true)]
    [InlineData(ClientAuth, false)]
    public void CertificateFromTheBundleCa_IsTrustedOnlyForServerAuthentication(string usage, bool trusted)
    {
        using var leaf = Issue(_ca, usage);

        Assert.Equal(trusted, Validate(leaf));
    }

    [Fact]
    public void CertificateFromAnotherCa_IsRefused()
    {
        using var leaf = Issue(_otherCa, ServerAuth);

        Assert.False(Validate(leaf));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    private bool Validate(X509Certificate2 leaf)
    {
        var handler = (SocketsHttpHandler)new TrustedCertificateAuthorities([_ca]).CreateHandler();
        using (handler)
        {
            // As the TLS stack calls it for a certificate that does not chain to a system root.
            return handler.SslOptions.RemoteCertificateValidationCallback!(this, leaf, null, SslPolicyErrors.RemoteCertificateChainErrors);
        }
    }

    private static X509Certificate2 NewCa(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=endpoint.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        return request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(30), [1, 2, 3, 4]);
    }
}
