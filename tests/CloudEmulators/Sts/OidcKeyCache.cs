using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// Fetches an issuer's signing keys the way STS does: <c>{iss}/.well-known/openid-configuration</c>, then its
/// <c>jwks_uri</c>, both over HTTPS; caches them for <see cref="CacheLifetime"/>, and re-fetches once early when a
/// token names a key id the cached set lacks (key rotation).
/// </summary>
internal sealed class OidcKeyCache(HttpClient http, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Uri> _publishedAt = new(StringComparer.Ordinal);

    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The key with <paramref name="keyId"/>, or null when the issuer does not publish it.</summary>
    public async Task<SecurityKey?> FindKeyAsync(string issuer, string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(issuer, out var entry) || entry.ExpiresAt <= now)
        {
            entry = await FetchAsync(issuer, now, cancellationToken);
        }

        var key = Find(entry.Keys, keyId);
        if (key is null && entry.FetchedAt < now)
        {
            entry = await FetchAsync(issuer, now, cancellationToken);
            key = Find(entry.Keys, keyId);
        }

        return key;
    }

    /// <summary>
    /// Reads <paramref name="issuer"/>'s discovery document from <paramref name="discoveryUrl"/> instead of
    /// <c>{issuer}/.well-known/openid-configuration</c>: for a test cluster whose issuer URL the host cannot reach
    /// (kind's <c>https://kubernetes.default.svc.cluster.local</c>), its keys relayed from the API server. Real STS has
    /// no such setting; there the issuer itself must be public (docs/cloud-setup.md).
    /// </summary>
    public void PublishedAt(string issuer, Uri discoveryUrl) => _publishedAt[issuer.TrimEnd('/')] = discoveryUrl;

    private static SecurityKey? Find(JsonWebKeySet keys, string? keyId) =>
        keys.GetSigningKeys().FirstOrDefault(k => keyId is null || string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    private async Task<Entry> FetchAsync(string issuer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var discoveryUrl = _publishedAt.GetValueOrDefault(issuer.TrimEnd('/')) ?? new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration");
            using var discovery = JsonDocument.Parse(await http.GetStringAsync(discoveryUrl, cancellationToken));
            var jwksUri = new Uri(discovery.RootElement.GetProperty("jwks_uri").GetString()!);
            if (jwksUri.Scheme != Uri.UriSchemeHttps)
            {
                throw new StsErrorException(StsError.InvalidIdentityToken("The jwks_uri of the OpenID Connect provider must use https."));
            }

            var keys = new JsonWebKeySet(await http.GetStringAsync(jwksUri, cancellationToken));
            var entry = new Entry(keys, now, now + CacheLifetime);
            _entries[issuer] = entry;
            return entry;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or ArgumentException or TaskCanceledException)
        {
            throw new StsErrorException(StsError.IdpCommunicationError(
                $"Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements ({e.GetType().Name})"));
        }
    }

    private sealed record Entry(JsonWebKeySet Keys, DateTimeOffset FetchedAt, DateTimeOffset ExpiresAt);
}
