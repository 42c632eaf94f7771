using System.Text;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// A SigV4-signed HTTP request as another service received it (e.g. a Datadog proof or a Vault iam login):
/// what it replays to STS. Header names are matched case-insensitively, as real replays vary in spelling.
/// </summary>
internal sealed record SignedRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public static SignedRequest Post(Uri url, IEnumerable<KeyValuePair<string, string>> headers, string body) =>
        new("POST", url, headers.ToList(), Encoding.UTF8.GetBytes(body));

    /// <summary>All values of a header (case-insensitive name), in order.</summary>
    public IEnumerable<string> ValuesOf(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? FirstValueOf(string name) => ValuesOf(name).FirstOrDefault();

    public override string ToString() => $"{Method} {Url}";
}
