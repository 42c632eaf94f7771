using k8s;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Routes, discovery, health, namespaces and authentication (P1–P6).</summary>
public sealed class PathAndDiscoveryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task P1_AllNamespaceList_ReturnsItemsFromEveryNamespace()
    {
        var ns1 = await fixture.NewNamespaceAsync();
        var ns2 = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns1}/secrets", """{"metadata":{"name":"a"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns2}/secrets", """{"metadata":{"name":"a"}}""");

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/secrets");

        Assert.Equal(200, code);
        var namespaces = body!["items"]!.AsArray().Select(i => i!["metadata"]!["namespace"]!.GetValue<string>()).ToList();
        Assert.Contains(ns1, namespaces);
        Assert.Contains(ns2, namespaces);
    }

    [Fact]
    public async Task P3_UnknownResourceInBuiltinGroup_Is404Status()
    {
        var (code, _, text) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/foos");

        Assert.Equal(404, code);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""", text);
    }

    [Fact]
    public async Task P3_UnregisteredGroup_IsPlainText404()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/apis/nothing.example.com/v1/namespaces/default/things");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("404 page not found\n", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task P3_UnknownSubresourceOfCustomResource_Is404NamingTheObject()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Get, TestCrds.WidgetPath(ns, "w1") + "/scale");

        Assert.Equal(404, code);
        Assert.Equal("widgets.example.com \"w1\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task P4_CreateInMissingNamespace_Is404ForTheNamespace()
    {
        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, "/api/v1/namespaces/missing/secrets", """{"metadata":{"name":"a"}}""");

        Assert.Equal(404, code);
        Assert.Equal("namespaces \"missing\" not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task P4_CreateInTerminatingNamespace_Is403()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"held","finalizers":["x.io/hold"]}}""");
        await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}");

        var (code, body, _) = await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b"}}""");

        Assert.Equal(403, code);
        Assert.EndsWith($"unable to create new content in namespace {ns} because it is being terminated", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task P4_SeededNamespaces_HaveDefaultServiceAccount()
    {
        var (code, _, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/kube-system/serviceaccounts/default");

        Assert.Equal(200, code);
    }

    [Fact]
    public async Task P5_CoreDiscovery_HasNoApiVersionAndListsSecrets()
    {
        var (_, api, _) = await fixture.CallAsync(HttpMethod.Get, "/api");
        var (_, v1, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1");

        Assert.Null(api!["apiVersion"]);
        Assert.Equal("APIVersions", api["kind"]!.GetValue<string>());
        Assert.Contains(v1!["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "secrets" && r["namespaced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task P5_CrdDiscovery_ListsResourceAndStatusSubresource()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);

        var (_, groups, _) = await fixture.CallAsync(HttpMethod.Get, "/apis");
        var (_, list, _) = await fixture.CallAsync(HttpMethod.Get, "/apis/example.com/v1");

        Assert.Contains(groups!["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "example.com"
            && g["preferredVersion"]!["groupVersion"]!.GetValue<string>() == "example.com/v1");
        Assert.Equal("v1", list!["apiVersion"]!.GetValue<string>());
        var names = list["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["widgets", "widgets/status"], names);
    }

    [Fact]
    public async Task P6_Version_Reports133()
    {
        var (_, version, _) = await fixture.CallAsync(HttpMethod.Get, "/version");

        Assert.Equal("33", version!["minor"]!.GetValue<string>());
        Assert.StartsWith("v1.33.", version["gitVersion"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task P6_HealthChecks_AnswerOkWithoutToken(string path)
    {
        using var anonymous = fixture.Emulator.CreateHttpClient(authenticated: false);

        using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RequestWithoutToken_Is401Status()
    {
        using var anonymous = fixture.Emulator.CreateHttpClient(authenticated: false);

        using var response = await anonymous.GetAsync("/api/v1/namespaces", TestContext.Current.CancellationToken);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("\"reason\":\"Unauthorized\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task C3_ClientOverHttps_NegotiatesHttp2()
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/api");

        Assert.Equal(new Version(2, 0), response.Version);
    }

    [Fact]
    public async Task WriteKubeconfig_IsReadableByKubernetesClient()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        fixture.Emulator.WriteKubeconfig(path);
        try
        {
            var config = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            using var client = new k8s.Kubernetes(config);

            var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken);

            Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
