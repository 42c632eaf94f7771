using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Operator.Hosting;

/// <summary>
/// HTTP handlers for cloud endpoints that also trust the certificate authorities of a PEM bundle (private
/// endpoints behind a corporate CA, the emulators in tests). The system's roots stay trusted; host-name checks
/// are never relaxed.
/// </summary>
internal sealed class TrustedCertificateAuthorities(X509Certificate2Collection? extraRoots)
{
    public static TrustedCertificateAuthorities FromFile(string? pemFile)
    {
        if (string.IsNullOrEmpty(pemFile))
        {
            return new TrustedCertificateAuthorities(null);
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(pemFile);
        return new TrustedCertificateAuthorities(roots);
    }

    public HttpMessageHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (extraRoots is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = IsTrusted;
        }

        return handler;
    }

    private bool IsTrusted(object sender, X509Certificate? certificate, X509Chain? systemChain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extraRoots!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the server presented, so a private CA with an intermediate works without AIA fetching; and the
        // certificate must be one issued for a TLS server, not any certificate under that CA.
        if (systemChain is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(systemChain.ChainPolicy.ExtraStore);
        }

        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
