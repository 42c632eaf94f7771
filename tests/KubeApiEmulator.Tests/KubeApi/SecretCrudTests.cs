using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>What an operator sees through KubernetesClient for Secrets: create, get, replace, patch, list, delete.</summary>
public sealed class SecretCrudTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly k8s.Kubernetes _client = fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task P2_CreateThenGet_ReturnsStoredSecretWithServerFields()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await _client.CoreV1.CreateNamespacedSecretAsync(
            Secrets.Secret("db", stringData: new Dictionary<string, string> { ["k"] = "v" }), ns, cancellationToken: Ct);

        var read = await _client.CoreV1.ReadNamespacedSecretAsync("db", ns, cancellationToken: Ct);

        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("Opaque", read.Type);
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(read.Data["k"]));
        Assert.Null(read.StringData);
        Assert.NotNull(read.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task S2_GetMissing_ThrowsNotFoundWithStatusBody()
    {
        var ns = await fixture.NewNamespaceAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedSecretAsync("nope", ns, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"nope\" not found","reason":"NotFound","details":{"name":"nope","kind":"secrets"},"code":404}""",
            error.Response.Content);
    }

    [Fact]
    public async Task R4_ReplaceWithoutResourceVersion_IsUnconditionalForSecrets()
    {
        var ns = await fixture.NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("s"), ns, cancellationToken: Ct);

        var replaced = await _client.CoreV1.ReplaceNamespacedSecretAsync(
            Secrets.Secret("s", stringData: new Dictionary<string, string> { ["a"] = "b" }), "s", ns, cancellationToken: Ct);

        Assert.True(replaced.Data.ContainsKey("a"));
    }

    [Fact]
    public async Task R4_ReplaceWithStaleResourceVersion_Conflicts()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await _client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("s"), ns, cancellationToken: Ct);
        created.StringData = new Dictionary<string, string> { ["x"] = "1" };
        await _client.CoreV1.ReplaceNamespacedSecretAsync(created, "s", ns, cancellationToken: Ct);
        created.StringData = new Dictionary<string, string> { ["x"] = "2" };

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedSecretAsync(created, "s", ns, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Operation cannot be fulfilled on secrets \\\"s\\\": the object has been modified", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A2_MergePatchOfSecretData_UpdatesOneKey()
    {
        var ns = await fixture.NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("s", stringData: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }), ns, cancellationToken: Ct);

        var patched = await _client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"data":{"a":"OQ==","b":null}}""", V1Patch.PatchType.MergePatch), "s", ns, cancellationToken: Ct);

        Assert.Equal("9", System.Text.Encoding.UTF8.GetString(patched.Data["a"]));
        Assert.False(patched.Data.ContainsKey("b"));
    }

    [Fact]
    public async Task D1_Delete_RemovesSecret()
    {
        var ns = await fixture.NewNamespaceAsync();
        await _client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("s"), ns, cancellationToken: Ct);

        await _client.CoreV1.DeleteNamespacedSecretAsync("s", ns, cancellationToken: Ct);

        var list = await _client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct);
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task R2_List_ReturnsItemsInNameOrderWithStoreRevision()
    {
        var ns = await fixture.NewNamespaceAsync();
        foreach (var name in new[] { "b", "a", "c" })
        {
            await _client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret(name), ns, cancellationToken: Ct);
        }

        var list = await _client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct);

        Assert.Equal(["a", "b", "c"], list.Items.Select(s => s.Metadata.Name));
        Assert.True(long.Parse(list.Metadata.ResourceVersion) >= long.Parse(list.Items[^1].Metadata.ResourceVersion));
    }

    [Fact]
    public async Task W3_WatchFromListRevisionThroughClient_SeesAddedModifiedDeleted()
    {
        var ns = await fixture.NewNamespaceAsync();
        var list = await _client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: Ct);
        var events = new List<(WatchEventType, string)>();
        await _client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret("w"), ns, cancellationToken: Ct);
        await _client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "w", ns, cancellationToken: Ct);
        await _client.CoreV1.DeleteNamespacedSecretAsync("w", ns, cancellationToken: Ct);

        await foreach (var (type, secret) in _client.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: Ct))
        {
            events.Add((type, secret.Metadata.Name));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "w"), (WatchEventType.Modified, "w"), (WatchEventType.Deleted, "w")], events);
    }
}
