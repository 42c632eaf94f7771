using System.Net.Security;
using Operator.Testing.Clouds;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>Which OIDC server certificates the STS emulator's discovery/JWKS fetch accepts.</summary>
public sealed class StsIssuerCertificateTests : IDisposable
{
    private readonly StsEmulator _sts = new(TimeProvider.System);

    [Fact]
    public void TrustedAuthority_WithOnlyChainErrors_IsAccepted()
    {
        using var certificate = CloudCertificateAuthority.Shared.IssueServerCertificate();

        Assert.True(_sts.AcceptsIssuerCertificate(certificate, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void TrustedAuthority_ForAnotherName_IsRefused()
    {
        using var certificate = CloudCertificateAuthority.Shared.IssueServerCertificate();

        Assert.False(_sts.AcceptsIssuerCertificate(certificate, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void UnregisteredAuthority_IsRefused()
    {
        using var other = new CloudCertificateAuthority("unregistered");
        using var certificate = other.IssueServerCertificate();

        Assert.False(_sts.AcceptsIssuerCertificate(certificate, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    public void Dispose() => _sts.Dispose();
}
