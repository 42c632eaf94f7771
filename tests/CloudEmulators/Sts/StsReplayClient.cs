using System.Xml.Linq;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// Replays a received SigV4-signed request to an STS over HTTP, the way Datadog or Vault replay a client's
/// GetCallerIdentity proof: same method, body and headers, including the signed <c>Host</c> (so the signature
/// still matches although the request goes to the emulator's address). For emulators that hold a base URL
/// rather than an <see cref="StsEmulator"/> instance.
/// </summary>
internal sealed class StsReplayClient(HttpClient http, Uri stsBaseAddress)
{
    // Set by HttpClient itself from the content; copying them would duplicate or contradict it.
    private static readonly HashSet<string> s_transportHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Transfer-Encoding", "Connection" };

    public async Task<StsReply> ReplayAsync(SignedRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(stsBaseAddress, request.Url.PathAndQuery))
        {
            Content = new ByteArrayContent(request.Body),
        };
        foreach (var (name, value) in request.Headers.Where(h => !s_transportHeaders.Contains(h.Key)))
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = value;
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.Host ??= request.Url.IsDefaultPort ? request.Url.Host : request.Url.Authority;
        using var response = await http.SendAsync(message, cancellationToken);
        return new StsReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Replays a GetCallerIdentity and reads who signed it, or the STS error.</summary>
    public async Task<(CallerIdentity? Caller, StsError? Error)> GetCallerIdentityAsync(SignedRequest request, CancellationToken cancellationToken = default)
    {
        var reply = await ReplayAsync(request, cancellationToken);
        var xml = XElement.Parse(reply.Xml);
        string Value(string name) => xml.Descendants(StsXml.Ns + name).FirstOrDefault()?.Value ?? string.Empty;
        return reply.IsSuccess
            ? (new CallerIdentity(Value("Arn"), Value("UserId"), Value("Account")), null)
            : (null, new StsError(reply.StatusCode, Value("Code"), Value("Message")));
    }
}
