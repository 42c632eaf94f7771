using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets;
using Operator.Credentials.Throttling;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// One exchange, start to finish: a ServiceAccount token for the provider's audience, the cloud identity,
/// then the target's credential; paced by the rate limiter and measured. Every way it can fail ends as a
/// redacted <see cref="ExchangeFailure"/>, never as an exception carrying a response body.
/// </summary>
internal sealed class CredentialIssuer(
    ServiceAccountTokens tokens,
    ExchangeRateLimiter rateLimiter,
    CredentialMetrics metrics,
    IHttpClientFactory httpClients,
    TimeProvider time) : ICredentialExchange
{
    public async Task<Attempt<IssuedCredential>> IssueAsync(
        DelegatedCredential credential, IIdentityProvider provider, IdentityRequest request, ICredentialTarget target,
        ExchangePriority priority, CancellationToken cancellationToken)
    {
        await rateLimiter.WaitTurnAsync(request.Endpoint, target.Name, priority, cancellationToken);
        var started = time.GetTimestamp();
        var outcome = await ExchangeAsync(credential, provider, request, target, cancellationToken);
        metrics.Exchanged(provider.Name, target.Name, outcome.Failure?.Reason ?? "success", time.GetElapsedTime(started));
        return outcome;
    }

    private async Task<Attempt<IssuedCredential>> ExchangeAsync(
        DelegatedCredential credential, IIdentityProvider provider, IdentityRequest request, ICredentialTarget target,
        CancellationToken cancellationToken)
    {
        var ns = credential.Metadata.NamespaceProperty;
        var serviceAccount = credential.Spec.ServiceAccountName;
        try
        {
            var token = await tokens.MintAsync(ns, serviceAccount, request.Audience, ServiceAccountTokens.ExchangeLifetime, cancellationToken);
            if (!token.Succeeded)
            {
                return token.Failure!;
            }

            var identity = await provider.ExchangeAsync(credential, request, token.Value!, cancellationToken);
            if (!identity.Succeeded)
            {
                return identity.Failure!;
            }

            var context = new TargetContext(credential, identity.Value!, httpClients, time);
            return await target.IssueAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Network failures, timeouts, malformed answers: transient as far as we can tell, so retried.
            return new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{provider.Name}/{target.Name} exchange failed: {ex.GetType().Name}: {SecretRedaction.Redact(ex.Message)}");
        }
    }
}
