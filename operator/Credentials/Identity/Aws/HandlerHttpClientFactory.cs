using Amazon.Runtime;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// Lets the AWS SDK send through a handler we build (see <see cref="AwsStsOptions.CreateHttpHandler"/>). One
/// HttpClient per factory, reused for every request: the SDK is told neither to cache nor to dispose it.
/// </summary>
internal sealed class HandlerHttpClientFactory(Func<HttpMessageHandler> createHandler) : HttpClientFactory, IDisposable
{
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient(createHandler(), disposeHandler: true));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
