using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>
/// A resource client whose server is the test: LIST answers from <see cref="Objects"/> in pages (or throws
/// what <see cref="ListFailures"/> holds), and every WATCH opens a <see cref="WatchStream"/> the test drives.
/// </summary>
internal sealed class ScriptedResourceClient : IResourceClient<V1Secret>
{
    private readonly Channel<WatchStream> _opened = Channel.CreateUnbounded<WatchStream>();

    public string Resource => "secrets";

    /// <summary>The namespace it stands for (null: all), as a per-namespace client of an informer.</summary>
    public string? Namespace { get; init; }

    public SortedDictionary<string, V1Secret> Objects { get; } = new(StringComparer.Ordinal);

    public int ListResourceVersion { get; set; } = 100;

    public Queue<Exception> ListFailures { get; } = new();

    public List<ListRequest> Lists { get; } = [];

    public List<WatchRequest> Watches { get; } = [];

    /// <summary>A Secret as a watch event carries it (with apiVersion and kind).</summary>
    public static V1Secret Secret(string name, string rv, string ns = "ns")
    {
        var secret = Secrets.Secret(name, ns, resourceVersion: rv);
        (secret.ApiVersion, secret.Kind) = ("v1", "Secret");
        return secret;
    }

    public void Put(string name, string rv) => Objects[name] = Secret(name, rv);

    public void Put(string ns, string name, string rv) => Objects[$"{ns}/{name}"] = Secret(name, rv, ns);

    public Task<ResourcePage<V1Secret>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        lock (Lists)
        {
            Lists.Add(request);
            if (ListFailures.TryDequeue(out var failure))
            {
                throw failure;
            }
        }

        var start = request.Continue is null ? 0 : int.Parse(request.Continue, System.Globalization.CultureInfo.InvariantCulture);
        var page = Objects.Values.Skip(start).Take(request.Limit).ToList();
        var next = start + page.Count < Objects.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var rv = ListResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new ResourcePage<V1Secret>(page, rv, next));
    }

    public async IAsyncEnumerable<ResourceEvent<V1Secret>> WatchAsync(WatchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new WatchStream(request);
        lock (Lists)
        {
            Watches.Add(request);
        }

        _opened.Writer.TryWrite(stream);
        await foreach (var item in stream.Events.Reader.ReadAllAsync(cancellationToken))
        {
            if (item is Exception ex)
            {
                throw ex;
            }

            yield return (ResourceEvent<V1Secret>)item;
        }
    }

    public async Task<WatchStream> NextWatchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _opened.Reader.ReadAsync(timeout.Token);
    }

    internal sealed class WatchStream(WatchRequest request)
    {
        public WatchRequest Request { get; } = request;

        public Channel<object> Events { get; } = Channel.CreateUnbounded<object>();

        public void Send(WatchEventType type, string name, string rv) =>
            Events.Writer.TryWrite(new ResourceEvent<V1Secret>(type, Secret(name, rv)));

        public void Bookmark(string rv) => Events.Writer.TryWrite(new ResourceEvent<V1Secret>(WatchEventType.Bookmark,
            new V1Secret { Metadata = new V1ObjectMeta { ResourceVersion = rv } }));

        public void Close() => Events.Writer.TryComplete();

        public void Fail(Exception ex) => Events.Writer.TryWrite(ex);
    }
}
