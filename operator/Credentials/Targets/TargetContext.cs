using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Targets;

/// <summary>
/// Everything a target may use to issue a credential, so that a new target is one class and nothing else:
/// the resource, the cloud identity already obtained, a way to mint more ServiceAccount tokens (for targets
/// that take one directly), named HTTP clients (endpoint overrides and trusted CAs are configured on them),
/// and the clock.
/// </summary>
internal sealed record TargetContext(
    DelegatedCredential Resource,
    CloudIdentity Identity,
    Func<string, TimeSpan, CancellationToken, Task<Attempt<ServiceAccountToken>>> MintServiceAccountToken,
    IHttpClientFactory HttpClients,
    TimeProvider Time);
