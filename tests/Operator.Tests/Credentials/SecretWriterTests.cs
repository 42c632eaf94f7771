using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Operator.Credentials.Secrets;
using Operator.Tests.Runtime;

namespace Operator.Tests.Credentials;

/// <summary>The writer against a cached Secret (no data, its hash only): it compares by hash and writes only the desired data.</summary>
public sealed class SecretWriterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly StubApiServer _server = new();

    private static V1Secret Desired(string value) =>
        DesiredSecret.Build(Objects.Credential(), Objects.Issued(s_now.AddHours(1), value), "h", s_now, s_now.AddMinutes(40));

    private static V1Secret Cached(V1Secret full)
    {
        var fromServer = KubernetesJson.Deserialize<V1Secret>(KubernetesJson.Serialize(full));
        fromServer.Metadata.ResourceVersion = "7";
        fromServer.Metadata.Annotations["reloader.example/seen"] = "yes";
        return CachedSecret.Strip(fromServer);
    }

    [Fact]
    public async Task CachedCopyOfTheSameData_WritesNothing()
    {
        var written = await new SecretWriter(_server.CreateClient()).WriteAsync(Cached(Desired("same")), Desired("same"), TestContext.Current.CancellationToken);

        Assert.Null(written);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task CachedCopyOfOtherData_IsReplacedWithTheDesiredData_WithoutTheCacheMark()
    {
        var desired = Desired("fresh");

        var written = await new SecretWriter(_server.CreateClient()).WriteAsync(Cached(Desired("old")), desired, TestContext.Current.CancellationToken);

        var request = Assert.Single(_server.Requests);
        Assert.Equal((HttpMethod.Put, "/api/v1/namespaces/team-a/secrets/app-aws"), (request.Method, request.Path));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("7", (string?)body["metadata"]!["resourceVersion"]);
        var data = body["data"]!.AsObject().ToDictionary(e => e.Key, e => Convert.FromBase64String((string)e.Value!));
        Assert.Equal(SecretDataHash.Compute(desired.Data), SecretDataHash.Compute(data));
        var annotations = body["metadata"]!["annotations"]!.AsObject();
        Assert.False(annotations.ContainsKey(CachedSecret.DataHashMark), "the cache-only mark is never written");
        Assert.Equal("yes", (string?)annotations["reloader.example/seen"]);
        Assert.NotNull(written);
    }

    [Fact]
    public async Task DesiredWithoutData_IsRefusedWithoutARequest()
    {
        var stripped = Cached(Desired("fresh"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new SecretWriter(_server.CreateClient()).WriteAsync(null, stripped, TestContext.Current.CancellationToken));

        Assert.Contains("without data", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Create_ReturnsTheServersObject()
    {
        _server.Respond = (_, body) => (HttpStatusCode.Created, body.Replace("\"metadata\":{", "\"metadata\":{\"resourceVersion\":\"42\",", StringComparison.Ordinal));

        var written = await new SecretWriter(_server.CreateClient()).WriteAsync(null, Desired("fresh"), TestContext.Current.CancellationToken);

        Assert.Equal("42", written!.Metadata.ResourceVersion);
    }
}
