using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Targets;
using Operator.Credentials.Throttling;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>
/// An exchange that answers at once: a credential valid for <see cref="Lifetime"/> from the clock's now, whose
/// secret value is "fresh", or <see cref="Failure"/> when set. Records each call's turn in line and target.
/// </summary>
internal sealed class FakeCredentialExchange(TimeProvider time) : ICredentialExchange
{
    public const string FreshValue = "fresh";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public ExchangeFailure? Failure { get; set; }

    public List<(ExchangeTurn Turn, string Provider, string Target)> Calls { get; } = [];

    public Task<Attempt<IssuedCredential>> IssueAsync(
        DelegatedCredential credential, IIdentityProvider provider, IdentityRequest request, ICredentialTarget target,
        ExchangeTurn turn, CancellationToken cancellationToken)
    {
        Calls.Add((turn, provider.Name, target.Name));
        Attempt<IssuedCredential> outcome = Failure is null ? Objects.Issued(time.GetUtcNow() + Lifetime, FreshValue) : Failure;
        return Task.FromResult(outcome);
    }
}
