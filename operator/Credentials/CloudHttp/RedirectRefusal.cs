namespace Operator.Credentials.CloudHttp;

/// <summary>
/// Never follows a redirect: every cloud handler has <c>AllowAutoRedirect = false</c> (<see cref="HostPolicy.Apply"/>),
/// and this handler turns a 3xx answer into a <see cref="HostPolicyException"/> naming only the status and the
/// Location's host, so the exchange is <c>ExchangeFailed</c> and the request (its Authorization header, SigV4 headers
/// and body) is never sent anywhere else. The body of the 3xx is not read.
/// </summary>
internal sealed class RedirectRefusal : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is < 300 or > 399)
        {
            return response;
        }

        var location = response.Headers.Location;
        var target = location is null ? "no Location"
            : location.IsAbsoluteUri ? $"a redirect to {location.IdnHost}"
            : $"a redirect to {request.RequestUri?.IdnHost} (relative)";
        response.Dispose();
        throw new HostPolicyException(
            $"{HostPolicyException.Prefix}the answer was HTTP {status} ({response.StatusCode}), {target}; redirects are never followed ({HostPolicyOptions.Key})");
    }
}
