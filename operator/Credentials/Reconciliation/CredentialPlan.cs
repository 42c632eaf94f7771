using Operator.Credentials.Identity;
using Operator.Credentials.Targets;

namespace Operator.Credentials.Reconciliation;

/// <summary>What a reconcile will do if it has to issue: who, through which provider and target, under which spec hash.</summary>
internal sealed record CredentialPlan(
    IIdentityProvider Provider,
    ICredentialTarget Target,
    IdentityRequest Request,
    string SpecHash,
    TimeSpan? RefreshBefore);
