using System.Text;
using k8s.Models;

namespace Operator.Testing.Support;

/// <summary>Secrets for tests: one shape, the name and whatever a test needs set.</summary>
public static class Secrets
{
    /// <param name="ns">Left out when null (the namespace of the request path applies).</param>
    /// <param name="data">Plain-text values, stored as bytes in <c>data</c>.</param>
    /// <param name="stringData">Values sent as <c>stringData</c>, which the API server merges into <c>data</c>.</param>
    public static V1Secret Secret(string name, string? ns = null, IReadOnlyDictionary<string, string>? data = null,
        IReadOnlyDictionary<string, string>? stringData = null, IReadOnlyDictionary<string, string>? labels = null,
        string? resourceVersion = null) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                ResourceVersion = resourceVersion,
                Labels = labels is null ? null : new Dictionary<string, string>(labels),
            },
            Data = data?.ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value)),
            StringData = stringData is null ? null : new Dictionary<string, string>(stringData),
        };
}
