using Operator.Api.V1Alpha1;
using Operator.Credentials.CloudHttp;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Kubernetes;
using Operator.Credentials.Targets;
using Operator.Credentials.Throttling;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// One exchange, start to finish: a ServiceAccount token for the provider's audience, the cloud identity,
/// then the target's credential; guarded by the endpoints' breakers, paced by the rate limiter and measured.
/// Every way it can fail ends as a redacted <see cref="ExchangeFailure"/>, never as an exception carrying a
/// response body.
/// </summary>
internal sealed class CredentialIssuer(
    ServiceAccountTokens tokens,
    ExchangeRateLimiter rateLimiter,
    EndpointBreakers breakers,
    CredentialMetrics metrics,
    IHttpClientFactory httpClients,
    TimeProvider time) : ICredentialExchange
{
    public async Task<Attempt<IssuedCredential>> IssueAsync(
        DelegatedCredential credential, IIdentityProvider provider, IdentityRequest request, ICredentialTarget target,
        ExchangeTurn turn, CancellationToken cancellationToken)
    {
        // An endpoint that keeps failing gets one probe at a time, not one retry per credential.
        var cloud = breakers.For(EndpointBreakers.Cloud(request.Endpoint));
        var service = breakers.For(EndpointBreakers.Target(target.Name));
        if (Refusal(cloud.TryAdmit(), EndpointBreakers.Cloud(request.Endpoint), request.Endpoint) is { } cloudRefused)
        {
            return cloudRefused;
        }

        if (Refusal(service.TryAdmit(), EndpointBreakers.Target(target.Name), target.Name) is { } serviceRefused)
        {
            cloud.Abandon();
            return serviceRefused;
        }

        try
        {
            await rateLimiter.WaitTurnAsync(request.Endpoint, target.Name, turn, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancelled in the line (shutdown, the reconcile's deadline): a probe the breakers admitted was never sent, so
            // the next caller may probe now rather than after the breaker's probe timeout.
            cloud.Abandon();
            service.Abandon();
            throw;
        }

        var started = time.GetTimestamp();
        var outcome = await ExchangeAsync(credential, provider, request, target, cloud, service, cancellationToken);
        metrics.Exchanged(provider.Name, target.Name, outcome.Failure?.Reason ?? "success", time.GetElapsedTime(started));
        return outcome;
    }

    private async Task<Attempt<IssuedCredential>> ExchangeAsync(
        DelegatedCredential credential, IIdentityProvider provider, IdentityRequest request, ICredentialTarget target,
        EndpointBreaker cloud, EndpointBreaker service, CancellationToken cancellationToken)
    {
        var ns = credential.Metadata.NamespaceProperty;
        var serviceAccount = credential.Spec.ServiceAccountName;
        var calling = (EndpointBreaker?)null;
        try
        {
            var token = await tokens.MintAsync(ns, serviceAccount, request.Audience, ServiceAccountTokens.ExchangeLifetime, cancellationToken);
            if (!token.Succeeded)
            {
                return Unsent(token.Failure!, cloud, service);
            }

            calling = cloud;
            var identity = await provider.ExchangeAsync(credential, request, token.Value!, cancellationToken);
            Report(cloud, identity.Failure);
            if (!identity.Succeeded)
            {
                return Unsent(identity.Failure!, service);
            }

            calling = service;
            var issued = await target.IssueAsync(new TargetContext(credential, identity.Value!, httpClients, time), cancellationToken);
            Report(service, issued.Failure);
            return issued;
        }
        catch (Exception ex) when (HostPolicyException.Find(ex) is { } refused)
        {
            // A call the host policy refused, from code that did not classify it itself: no endpoint was asked.
            var failure = ExchangeFailure.HostPolicyRefusal($"{provider.Name}/{target.Name} exchange was {refused.Message}.");
            return Unsent(failure, cloud, service);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Network failures, timeouts, malformed answers: transient as far as we can tell, so retried.
            var failure = new ExchangeFailure(CredentialReasons.ExchangeFailed,
                $"{provider.Name}/{target.Name} exchange failed: {ex.GetType().Name}: {SecretRedaction.Redact(ex.Message)}");
            calling?.Failed(null);
            EndpointBreaker[] unsent = calling == service ? [] : calling == cloud ? [service] : [cloud, service];
            return Unsent(failure, unsent);
        }
        catch (OperationCanceledException)
        {
            cloud.Abandon();
            service.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Only a transient failure counts against an endpoint: a refusal of the identity is an answer. A call the host
    /// policy refused (a spec naming a host the operator may not reach, or a redirect) counts neither way: the target
    /// breakers are per target type, so one such spec must not hold back every other credential of that type, nor
    /// close a breaker that a real outage opened. Its probe, if it was one, is handed on.
    /// </summary>
    private static void Report(EndpointBreaker breaker, ExchangeFailure? failure)
    {
        if (failure is { RefusedByHostPolicy: true })
        {
            breaker.Abandon();
        }
        else if (failure is { Reason: CredentialReasons.ExchangeFailed })
        {
            breaker.Failed(failure.RetryAfter);
        }
        else
        {
            breaker.Succeeded();
        }
    }

    /// <summary>The breakers that admitted a probe that was never sent let the next caller probe.</summary>
    private static ExchangeFailure Unsent(ExchangeFailure failure, params EndpointBreaker[] unsent)
    {
        foreach (var breaker in unsent)
        {
            breaker.Abandon();
        }

        return failure;
    }

    private ExchangeFailure? Refusal(BreakerAdmission admission, string key, string endpoint)
    {
        if (admission.Admitted)
        {
            return null;
        }

        var probe = admission.NextProbeAt!.Value;
        var now = time.GetUtcNow();
        return new ExchangeFailure(CredentialReasons.ExchangeFailed,
            $"{endpoint} keeps failing; exchanges wait for a probe to get an answer (next probe at {probe.UtcDateTime:HH:mm:ss}Z).")
        {
            RetryAfter = probe > now ? probe - now : TimeSpan.Zero,
            HeldByBreaker = key,
        };
    }
}
