using System.Net;
using System.Text;
using k8s;

namespace Operator.Tests.Runtime;

/// <summary>
/// A KubernetesClient whose requests are answered in-process by <see cref="Respond"/>, recorded with their
/// bodies, for unit tests of single calls. Scenario tests use the API emulator instead.
/// </summary>
internal sealed class StubApiServer : DelegatingHandler
{
    public List<(HttpMethod Method, string Path, string? ContentType, string Body)> Requests { get; } = [];

    public Func<HttpRequestMessage, string, (HttpStatusCode Status, string Body)> Respond { get; set; } = (_, body) => (HttpStatusCode.OK, body);

    public Kubernetes CreateClient() => new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!.AbsolutePath, request.Content?.Headers.ContentType?.MediaType, body));
        }

        var (status, responseBody) = Respond(request, body);
        return new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json"), RequestMessage = request };
    }
}
