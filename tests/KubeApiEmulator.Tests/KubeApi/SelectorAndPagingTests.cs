using System.Text;
using System.Text.Json.Nodes;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>labelSelector, fieldSelector and limit/continue (L1–L3).</summary>
public sealed class SelectorAndPagingTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private async Task<string> SeedAsync()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"a","labels":{"tier":"web","env":"prod"}}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"b","labels":{"tier":"db"}},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"c"}}""");
        return ns;
    }

    private async Task<List<string>> NamesAsync(string ns, string query)
    {
        var (code, body, text) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?{query}");
        Assert.True(code == 200, text);
        return [.. body!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
    }

    [Theory]
    [InlineData("labelSelector=tier%3Dweb", "a")]
    [InlineData("labelSelector=tier%3D%3Dweb", "a")]
    [InlineData("labelSelector=tier!%3Dweb", "b,c")]
    [InlineData("labelSelector=tier%20in%20(web,db)", "a,b")]
    [InlineData("labelSelector=tier%20notin%20(web)", "b,c")]
    [InlineData("labelSelector=env", "a")]
    [InlineData("labelSelector=!env", "b,c")]
    [InlineData("labelSelector=tier,env%3Dprod", "a")]
    public async Task L1_LabelSelectorGrammar_FiltersItems(string query, string expected)
    {
        var ns = await SeedAsync();

        Assert.Equal(expected.Split(','), await NamesAsync(ns, query));
    }

    [Fact]
    public async Task L1_BadLabelSelector_Is400()
    {
        var (code, _, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets?labelSelector=a%20in%20b");

        Assert.Equal(400, code);
    }

    [Fact]
    public async Task L2_FieldSelectorOnSecretType_AndUnsupportedField()
    {
        var ns = await SeedAsync();

        var tls = await NamesAsync(ns, "fieldSelector=type%3Dkubernetes.io/tls");
        var notA = await NamesAsync(ns, "fieldSelector=metadata.name!%3Da");
        var (code, body, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?fieldSelector=spec.foo%3Dx");

        Assert.Equal(["b"], tls);
        Assert.Equal(["b", "c"], notA);
        Assert.Equal(400, code);
        Assert.Equal("field label not supported: spec.foo", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task L2_CrdSelectableField_IsSupported()
    {
        await TestCrds.EnsureAsync(fixture, TestCrds.Widgets);
        var ns = await fixture.NewNamespaceAsync();
        await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns), """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"r"},"spec":{"color":"red"}}""");
        await fixture.CallAsync(HttpMethod.Post, TestCrds.WidgetPath(ns), """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"b"},"spec":{"color":"blue"}}""");

        var (_, list, _) = await fixture.CallAsync(HttpMethod.Get, TestCrds.WidgetPath(ns) + "?fieldSelector=spec.color%3Dred");

        Assert.Equal("r", list!["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Single(list["items"]!.AsArray());
        Assert.Equal("Widget", list["items"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task L3_LimitAndContinue_PageThroughAtFirstPageRevision()
    {
        var ns = await SeedAsync();

        var (_, first, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?limit=2");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"d"}}""");
        var token = first!["metadata"]!["continue"]!.GetValue<string>();
        var (_, second, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?limit=2&continue={token}");

        var decoded = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight((token.Length + 3) / 4 * 4, '='))))!;
        Assert.Equal("meta.k8s.io/v1", decoded["v"]!.GetValue<string>());
        Assert.Equal($"{ns}/b\u0000", decoded["start"]!.GetValue<string>());
        Assert.Equal(1, first["metadata"]!["remainingItemCount"]!.GetValue<int>());
        Assert.Equal(["c"], second!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), second["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Null(second["metadata"]!["continue"]);
    }

    [Fact]
    public async Task L3_PagesFollowEtcdKeyOrder_WhenOneNamespaceNamePrefixesAnother()
    {
        // etcd orders by the key `ns/name`: `team-b/…` before `team/…`, since `-` sorts before `/`. Ordered by namespace
        // and then name instead, the first page ended at `team/x` and the continue token skipped all of `team-b`.
        var team = await fixture.NewNamespaceAsync();
        var teamB = team + "-b";
        await fixture.CallAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{teamB}}}"}}""");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{team}/secrets", Labelled("x", team));
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{teamB}/secrets", Labelled("y", team));

        var seen = new List<string>();
        string? token = null;
        do
        {
            var (code, page, text) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/secrets?labelSelector=run%3D{team}&limit=1" + (token is null ? "" : $"&continue={token}"));
            Assert.True(code == 200, text);
            seen.AddRange(page!["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"));
            token = page["metadata"]!["continue"]?.GetValue<string>();
        }
        while (token is not null && seen.Count < 5);

        Assert.Equal([$"{teamB}/y", $"{team}/x"], seen);

        static string Labelled(string name, string run) => new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["run"] = run } },
        }.ToJsonString();
    }

    [Fact]
    public async Task L3_ContinueAtAnOlderRevision_ShowsObjectsAsTheyWereThen()
    {
        var ns = await SeedAsync();
        var (_, first, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?limit=1");
        await fixture.CallAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/secrets/b");
        await fixture.CallAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"bb"}}""");
        await fixture.CallAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/secrets/c", """{"metadata":{"labels":{"changed":"yes"}}}""", "application/merge-patch+json");

        var token = first!["metadata"]!["continue"]!.GetValue<string>();
        var (_, rest, _) = await fixture.CallAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/secrets?continue={token}");

        var items = rest!["items"]!.AsArray();
        Assert.Equal(["b", "c"], items.Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Null(items[1]!["metadata"]!["labels"]);
    }

    [Fact]
    public async Task L3_GarbledContinue_Is400()
    {
        var (code, body, _) = await fixture.CallAsync(HttpMethod.Get, "/api/v1/namespaces/default/secrets?continue=notatoken");

        Assert.Equal(400, code);
        Assert.StartsWith("invalid continue token", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task L3_ExpiredContinue_Is410()
    {
        await using var emulator = await KubeApiEmulatorFactory.StartSmallHistoryAsync(2);
        using var http = emulator.CreateHttpClient();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await http.PostAsync("/api/v1/namespaces/default/secrets", new StringContent($$$"""{"metadata":{"name":"{{{name}}}"}}""", Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
        }
        var first = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/default/secrets?limit=1", TestContext.Current.CancellationToken))!;
        foreach (var name in new[] { "d", "e", "f" })
        {
            await http.PostAsync("/api/v1/namespaces/default/secrets", new StringContent($$$"""{"metadata":{"name":"{{{name}}}"}}""", Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
        }

        using var response = await http.GetAsync($"/api/v1/namespaces/default/secrets?limit=1&continue={first["metadata"]!["continue"]}", TestContext.Current.CancellationToken);

        Assert.Equal(410, (int)response.StatusCode);
    }
}
