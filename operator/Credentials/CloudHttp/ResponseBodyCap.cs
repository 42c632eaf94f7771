using System.Net;

namespace Operator.Credentials.CloudHttp;

/// <summary>
/// Caps every cloud response body (STS through the AWS SDK, the vendor targets' token endpoints): a body whose
/// Content-Length is over <see cref="MaxBytes"/> fails before it is read, and any other body, chunked ones included,
/// is read through a <see cref="CappedStream"/> that fails as soon as more than the cap arrives. No token endpoint
/// answers with megabytes; without the cap a chunked reply would be buffered whole.
/// </summary>
internal sealed class ResponseBodyCap(long maxBytes = ResponseBodyCap.MaxBytes) : DelegatingHandler
{
    /// <summary>1 MiB.</summary>
    public const long MaxBytes = 1 << 20;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            response.Dispose();
            throw new ResponseTooLargeException(maxBytes);
        }

        response.Content = new CappedContent(response.Content, maxBytes);
        return response;
    }

    /// <summary>The original content, read only through a <see cref="CappedStream"/>; its headers are kept.</summary>
    private sealed class CappedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _maxBytes;

        public CappedContent(HttpContent inner, long maxBytes)
        {
            _inner = inner;
            _maxBytes = maxBytes;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CappedStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _maxBytes);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
            new CappedStream(_inner.ReadAsStream(cancellationToken), _maxBytes);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
            await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
