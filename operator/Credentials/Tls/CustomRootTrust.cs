using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Operator.Credentials.Tls;

/// <summary>
/// The one check of a TLS server certificate against private certificate authorities, for the operator-wide bundle
/// (<c>Operator:TrustedCaBundleFile</c>, added to the system's roots) and for an http target's <c>caBundle</c> (which
/// replaces them). The certificate must chain to one of the roots, through the intermediates the server presented
/// (so a private CA with an intermediate works without fetching it), and must be issued for TLS servers (the
/// serverAuth usage); host-name errors are never forgiven.
/// </summary>
/// <param name="roots">The private roots.</param>
/// <param name="alsoSystemRoots">True: a certificate the system's roots already accept passes as it is.</param>
internal sealed class CustomRootTrust(X509Certificate2Collection roots, bool alsoSystemRoots)
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The certificates of a PEM bundle, or null when it holds none.</summary>
    public static X509Certificate2Collection? ReadPem(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            return null;
        }

        return certificates.Count == 0 ? null : certificates;
    }

    /// <summary>A handler whose TLS validation is <see cref="IsTrusted"/>; connections are recycled every 5 minutes.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors) },
    };

    /// <param name="presented">The chain the TLS stack built; its extra store holds the intermediates the server sent.</param>
    public bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None && alsoSystemRoots)
        {
            return true;
        }

        // Only chain errors are ours to judge; a name mismatch or a missing certificate is never accepted.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
