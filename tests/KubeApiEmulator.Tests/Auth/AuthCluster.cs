using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.Tests.Auth;

/// <summary>
/// An emulator with the repository's CRD, raw HTTP as the admin or as a ServiceAccount, and the repository's
/// kustomize directories (config/...) applied by reading their `resources` (transformers are not run).
/// </summary>
public sealed class AuthCluster : IAsyncLifetime
{
    public KubeApiEmulator Emulator { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Emulator = await KubeApiEmulator.StartAsync();
        Admin = Emulator.CreateHttpClient();
        await CreateAllAsync(Admin, YamlToJson.Documents(RepositoryFiles.Read(RepositoryFiles.CrdPath)).OfType<JsonObject>());
        // The CRD is served once it is established; wait for that rather than for a fixed time.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await Admin.GetAsync("/apis/credentials.delegated.dev/v1alpha1/delegatedcredentials", TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode;
        }, "the DelegatedCredential resource is served", cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>A client sending the token of ServiceAccount ns/name (created when missing).</summary>
    public async Task<HttpClient> AsServiceAccountAsync(string ns, string name)
    {
        await EnsureAsync($"/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        await EnsureAsync($"/api/v1/namespaces/{ns}/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        var client = Emulator.CreateHttpClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.CreateServiceAccountToken(ns, name));
        return client;
    }

    private async Task EnsureAsync(string path, JsonObject body)
    {
        using var response = await PostAsync(Admin, path, body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonNode body) => SendAsync(client, HttpMethod.Post, path, body);

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Version = HttpVersion.Version20 };
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Every document of a kustomize directory, following `resources` into files and directories.</summary>
    public static IEnumerable<JsonObject> Kustomized(string relativeDirectory)
    {
        var directory = RepositoryFiles.Path(relativeDirectory.Split('/'));
        var kustomization = (JsonObject)YamlToJson.Documents(File.ReadAllText(Path.Combine(directory, "kustomization.yaml")))[0]!;
        foreach (var resource in (kustomization["resources"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            var path = Path.Combine(directory, resource);
            var documents = Directory.Exists(path)
                ? Kustomized(Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/'))
                : YamlToJson.Documents(File.ReadAllText(path)).OfType<JsonObject>();
            foreach (var document in documents)
            {
                yield return document;
            }
        }
    }

    public Task ApplyAsync(params string[] relativeDirectories) => CreateAllAsync(Admin, relativeDirectories.SelectMany(Kustomized));

    public static async Task CreateAllAsync(HttpClient client, IEnumerable<JsonObject> documents)
    {
        foreach (var document in documents)
        {
            if (document["metadata"]?["namespace"]?.GetValue<string>() is { } ns)
            {
                using var _ = await PostAsync(client, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            }
            using var response = await PostAsync(client, CollectionPath(document), document);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{document["kind"]} {document["metadata"]?["name"]}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static string CollectionPath(JsonObject document)
    {
        var apiVersion = document["apiVersion"]!.GetValue<string>();
        var kind = document["kind"]!.GetValue<string>().ToLowerInvariant();
        var plural = kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s";
        var prefix = apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        var ns = document["metadata"]?["namespace"]?.GetValue<string>();
        return ns is null ? $"{prefix}/{plural}" : $"{prefix}/namespaces/{ns}/{plural}";
    }

    public static JsonObject Role(string kind, string name, string? ns, params JsonObject[] rules)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        return new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = kind, ["metadata"] = metadata, ["rules"] = new JsonArray([.. rules]) };
    }

    public static JsonObject Rule(string[] groups, string[] resources, string[] verbs, string[]? names = null)
    {
        var rule = new JsonObject
        {
            ["apiGroups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]),
            ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)r)]),
            ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
        };
        if (names is not null)
        {
            rule["resourceNames"] = new JsonArray([.. names.Select(n => (JsonNode)n)]);
        }
        return rule;
    }

    /// <summary>A RoleBinding (ns set) or ClusterRoleBinding (ns null) of roleKind/roleName to ServiceAccount saNs/sa.</summary>
    public static JsonObject Binding(string name, string? ns, string roleKind, string roleName, string saNs, string sa)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = ns is null ? "ClusterRoleBinding" : "RoleBinding",
            ["metadata"] = metadata,
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = sa, ["namespace"] = saNs }),
        };
    }

    public static JsonObject Credential(string ns, string name, string serviceAccount, params (string Kind, string Name)[] restart)
    {
        var spec = new JsonObject
        {
            ["serviceAccountName"] = serviceAccount,
            ["provider"] = new JsonObject { ["aws"] = new JsonObject() },
            ["target"] = new JsonObject { ["awsCredentials"] = new JsonObject() },
        };
        if (restart.Length > 0)
        {
            spec["restartOnRotation"] = new JsonArray([.. restart.Select(r => (JsonNode)new JsonObject { ["kind"] = r.Kind, ["name"] = r.Name })]);
        }
        return new JsonObject
        {
            ["apiVersion"] = "credentials.delegated.dev/v1alpha1",
            ["kind"] = "DelegatedCredential",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }
}
