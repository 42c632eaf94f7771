using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Targets;
using Operator.Credentials.Throttling;

namespace Operator.Credentials.Reconciliation;

/// <summary>One exchange for a planned credential; <see cref="CredentialIssuer"/> is the real one.</summary>
internal interface ICredentialExchange
{
    /// <summary>The target's credential, or the redacted reason there is none; failures are values, not exceptions.</summary>
    /// <param name="turn">Where the exchange stands in line for the rate limiter's tokens (<see cref="ExchangeTurns"/>).</param>
    Task<Attempt<IssuedCredential>> IssueAsync(
        DelegatedCredential credential, IIdentityProvider provider, IdentityRequest request, ICredentialTarget target,
        ExchangeTurn turn, CancellationToken cancellationToken);
}
