using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>
/// Mints tokens for a ServiceAccount through the TokenRequest API: the identity a credential is issued for
/// is always that ServiceAccount's, never the operator's own.
/// </summary>
/// <param name="apiServerAudiences">Refused audiences, checked again here before every TokenRequest (the planner checks
/// first, naming the field); by default <see cref="ApiServerAudiences.Refusing"/>.</param>
internal sealed class ServiceAccountTokens(IKubernetes kubernetes, ApiServerAudiences? apiServerAudiences = null)
{
    private readonly ApiServerAudiences _audiences = apiServerAudiences ?? ApiServerAudiences.Refusing;

    /// <summary>The API server's minimum; the token only needs to live through one exchange.</summary>
    public static readonly TimeSpan ExchangeLifetime = TimeSpan.FromMinutes(10);

    public async Task<Attempt<ServiceAccountToken>> MintAsync(
        string ns, string serviceAccount, string audience, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (_audiences.Refusal("the token audience", audience) is { } refusal)
        {
            return ExchangeFailure.InvalidSpec($"No TokenRequest for ServiceAccount {ns}/{serviceAccount}: {refusal}");
        }

        var request = new Authenticationv1TokenRequest
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenRequest",
            Spec = new V1TokenRequestSpec
            {
                Audiences = [audience],
                ExpirationSeconds = (long)Math.Max(lifetime.TotalSeconds, ExchangeLifetime.TotalSeconds),
            },
        };
        try
        {
            var response = await kubernetes.CoreV1.CreateNamespacedServiceAccountTokenAsync(
                request, serviceAccount, ns, cancellationToken: cancellationToken);
            if (string.IsNullOrEmpty(response.Status?.Token))
            {
                return new ExchangeFailure(CredentialReasons.ExchangeFailed, $"TokenRequest for ServiceAccount {ns}/{serviceAccount} returned no token.");
            }

            // The issuer may shorten the lifetime; its expirationTimestamp is the truth.
            var expires = response.Status.ExpirationTimestamp is { } e
                ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc))
                : DateTimeOffset.UtcNow + lifetime;
            return new ServiceAccountToken(response.Status.Token, expires);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return ExchangeFailure.ServiceAccountNotFound(ns, serviceAccount);
        }
        catch (HttpOperationException ex)
        {
            // The response body of a failed TokenRequest is a Status object, which carries no token.
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"TokenRequest for ServiceAccount {ns}/{serviceAccount} failed: HTTP {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}.");
        }
    }
}
