using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;

namespace Operator.Credentials.Targets;

/// <summary>
/// Everything a target may use to issue a credential, so that a new target is one class and nothing else:
/// the resource, the cloud identity already obtained (a target uses only its capabilities, see
/// <see cref="CloudIdentity.Require{T}"/>), named HTTP clients (endpoint overrides and trusted CAs are configured on
/// them), and the clock.
/// </summary>
internal sealed record TargetContext(
    DelegatedCredential Resource,
    CloudIdentity Identity,
    IHttpClientFactory HttpClients,
    TimeProvider Time);
