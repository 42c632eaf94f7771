using k8s;

namespace Operator.E2E;

/// <summary>
/// A client that can also read the JSON documents the API server serves outside any API group (the ServiceAccount
/// issuer's discovery and JWKS), authenticated as the client is. Hand-written because KubernetesClient's generated
/// <c>GetServiceAccountIssuerOpenID*</c> operations declare a string result and try to JSON-decode the object body
/// into it, which throws.
/// </summary>
internal sealed class ApiServerClient : Kubernetes
{
    public const string IssuerDiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/openid/v1/jwks";

    // The client's own handler pipeline (TLS client certificate, CA trust), entered at this no-op handler: the
    // client does not expose its pipeline, but wires every handler given to its constructor into it.
    private readonly PipelineEntry _pipeline;

    public ApiServerClient(KubernetesClientConfiguration configuration)
        : this(configuration, new PipelineEntry())
    {
    }

    private ApiServerClient(KubernetesClientConfiguration configuration, PipelineEntry pipeline)
        : base(configuration, pipeline) => _pipeline = pipeline;

    public async Task<string> GetDocumentAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path));
        if (Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var invoker = new HttpMessageInvoker(_pipeline, disposeHandler: false);
        using var response = await invoker.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private sealed class PipelineEntry : DelegatingHandler;
}
