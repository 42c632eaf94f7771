using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace Operator.Runtime.Hosting;

/// <summary>
/// Who may read <c>/metrics</c> (every credential's name and expiry): the Kubernetes API server decides, as in
/// controller-runtime's secure metrics (<c>pkg/metrics/filters</c>). The caller's bearer token goes to a TokenReview;
/// the user it names must be allowed <c>get</c> on the non-resource URL <c>/metrics</c> by a SubjectAccessReview
/// (config/prometheus grants that to the scraper). Answers are cached per token for <see cref="CacheFor"/>, so a scrape
/// every 15 s costs two API calls a minute; the cache keys are SHA-256 hashes, never the tokens.
/// </summary>
internal sealed class MetricsAuthorizer(IKubernetes kubernetes, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    /// <summary>Bounded: a flood of made-up tokens cannot grow it past this; it is simply emptied when full.</summary>
    private const int MaxCached = 1024;

    private readonly ConcurrentDictionary<string, (int Status, DateTimeOffset Until)> _decisions = new(StringComparer.Ordinal);

    /// <returns>200 allowed, 401 no valid token, 403 a valid token whose user may not read the metrics.</returns>
    public async Task<int> AuthorizeAsync(string? authorization, string path, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || authorization[7..].Trim() is not { Length: > 0 } token)
        {
            return StatusCodes.Status401Unauthorized;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{path}\n{token}")));
        var now = time.GetUtcNow();
        if (_decisions.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Status;
        }

        var status = await DecideAsync(token, path, cancellationToken).ConfigureAwait(false);
        if (_decisions.Count >= MaxCached)
        {
            _decisions.Clear();
        }

        _decisions[key] = (status, now + CacheFor);
        return status;
    }

    private async Task<int> DecideAsync(string token, string path, CancellationToken cancellationToken)
    {
        var review = await kubernetes.AuthenticationV1.CreateTokenReviewAsync(
            new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (review.Status is not { Authenticated: true, User: { } user })
        {
            return StatusCodes.Status401Unauthorized;
        }

        var access = await kubernetes.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
        {
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user.Username,
                Groups = user.Groups,
                Uid = user.Uid,
                Extra = user.Extra,
                NonResourceAttributes = new V1NonResourceAttributes { Path = path, Verb = "get" },
            },
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return access.Status?.Allowed == true ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
    }
}
