using System.Net;

namespace Operator.Credentials.Targets;

/// <summary>
/// Turns a non-2xx answer into a failure a person can act on: the service and the HTTP status with its standard name,
/// a fixed summary. The body is never read into it: a vendor's error text may echo the request (a key, a proof, a
/// token), and status conditions and events are readable by anyone who may read the object (docs/behaviour.md §7).
/// 401 and 403 mean the identity was refused (IdentityDenied); anything else is ExchangeFailed and retried.
/// </summary>
internal static class EndpointRefusal
{
    public static ExchangeFailure From(string service, HttpStatusCode status)
    {
        var reason = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? CredentialReasons.IdentityDenied
            : CredentialReasons.ExchangeFailed;

        // The enum's name, never the response's reason phrase, which the server chooses.
        var name = Enum.IsDefined(status) ? $" ({status})" : string.Empty;
        return new ExchangeFailure(reason, $"{service} refused the exchange: HTTP {(int)status}{name}.");
    }
}
