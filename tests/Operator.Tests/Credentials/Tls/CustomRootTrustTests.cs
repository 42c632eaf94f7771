using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Operator.Credentials.Tls;

namespace Operator.Tests.Credentials.Tls;

/// <summary>
/// The one custom-root check, in both its uses: the operator-wide bundle (beside the system's roots) and an http
/// target's caBundle (instead of them). A bundle's CA is trusted for TLS servers it issued certificates to, and for
/// nothing else.
/// </summary>
public sealed class CustomRootTrustTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private readonly X509Certificate2 _ca = NewCa("CN=bundle-ca");
    private readonly X509Certificate2 _otherCa = NewCa("CN=other-ca");

    [Theory]
    [InlineData(ServerAuth, true, true)]
    [InlineData(ClientAuth, true, false)]
    [InlineData(ServerAuth, false, true)]
    [InlineData(ClientAuth, false, false)]
    public void CertificateFromTheBundleCa_IsTrustedOnlyForServerAuthentication(string usage, bool alsoSystemRoots, bool trusted)
    {
        using var leaf = Issue(_ca, usage);

        Assert.Equal(trusted, Validate(leaf, alsoSystemRoots, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CertificateFromAnotherCa_IsRefused(bool alsoSystemRoots)
    {
        using var leaf = Issue(_otherCa, ServerAuth);

        Assert.False(Validate(leaf, alsoSystemRoots, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NameMismatch_IsNeverForgiven_EvenUnderTheBundlesCa(bool alsoSystemRoots)
    {
        using var leaf = Issue(_ca, ServerAuth);

        Assert.False(Validate(leaf, alsoSystemRoots, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void CertificateTheSystemAccepts_PassesOnlyWhereTheSystemsRootsStayTrusted(bool alsoSystemRoots, bool trusted)
    {
        // A certificate outside the bundle that the system's roots accepted (no policy errors): an http target's own
        // caBundle replaces the system's roots, so it is refused there.
        using var leaf = Issue(_otherCa, ServerAuth);

        Assert.Equal(trusted, Validate(leaf, alsoSystemRoots, SslPolicyErrors.None));
    }

    [Fact]
    public void ReadPem_BundleWithoutCertificates_IsNull()
    {
        Assert.Null(CustomRootTrust.ReadPem("not a certificate"));
        Assert.Single(CustomRootTrust.ReadPem(_ca.ExportCertificatePem())!);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    private bool Validate(X509Certificate2 leaf, bool alsoSystemRoots, SslPolicyErrors errors)
    {
        using var handler = new CustomRootTrust([_ca], alsoSystemRoots).CreateHandler();
        // As the TLS stack calls it for the certificate the server presented.
        return handler.SslOptions.RemoteCertificateValidationCallback!(this, leaf, null, errors);
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
