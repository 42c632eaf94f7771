using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Operator.Credentials.Tls;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// HttpClients for http targets that bring their own CA bundle: one per distinct bundle, kept for the process
/// (bundles are few and rarely change), trusting exactly that bundle's roots instead of the system's
/// (<see cref="CustomRootTrust"/>). Targets without a bundle use the named client <see cref="TargetHttpClients.Http"/>.
/// </summary>
/// <param name="createHandler">
/// The cloud handler for a trust (<c>Hosting/CredentialServiceCollectionExtensions.CloudHandlers</c>): the same host policy,
/// redirect refusal and body cap as every other cloud client.
/// </param>
internal sealed class HttpTargetClients(TargetHttpOptions options, Func<CustomRootTrust, HttpMessageHandler> createHandler) : IDisposable
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

        var roots = CustomRootTrust.ReadPem(pem);
        if (roots is null)
        {
            return ExchangeFailure.InvalidSpec("spec.target.http.caBundle holds no PEM certificate.");
        }

        return _clients.GetOrAdd(key, _ => new Lazy<HttpClient>(() =>
            new HttpClient(createHandler(new CustomRootTrust(roots, alsoSystemRoots: false))) { Timeout = options.Timeout })).Value;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
