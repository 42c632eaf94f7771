namespace Operator.Credentials.CloudHttp;

/// <summary>
/// A call the operator's <see cref="HostPolicy"/> refused: a connection to an address it does not allow, or a redirect
/// (never followed, <see cref="RedirectRefusal"/>). The message names the host, the address and its class, or the
/// redirect's status and the Location's host, and nothing else. It is an <see cref="HttpRequestException"/> so that
/// code which only knows network failures still treats it as one; <see cref="Find"/> recognises it inside the
/// wrappers of SocketsHttpHandler and the AWS SDK.
/// </summary>
internal sealed class HostPolicyException(string message) : HttpRequestException(message)
{
    public const string Prefix = "refused by the operator's host policy: ";

    /// <summary>The refusal in <paramref name="exception"/> or one of its inner exceptions, or null.</summary>
    public static HostPolicyException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HostPolicyException refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}
