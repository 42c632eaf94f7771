using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;
using Operator.Runtime;
using Operator.Tests.Runtime;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>The production port's requests, for the parts the reconciler tests' fake stands in for.</summary>
public sealed class KubernetesCredentialClusterTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly StubApiServer _server = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Informer<V1ServiceAccount> _serviceAccounts;
    private readonly Informer<V1Secret> _secrets;
    private readonly CredentialWrites _writes;

    public KubernetesCredentialClusterTests()
    {
        var time = new FakeTimeProvider(s_now);
        _serviceAccounts = new Informer<V1ServiceAccount>(ResourceClients.ServiceAccounts(_server.CreateClient()), new InformerOptions(),
            time, NullLogger<Informer<V1ServiceAccount>>.Instance);
        // As registered (Hosting/CredentialServiceCollectionExtensions): Secrets cached without their data.
        _secrets = new Informer<V1Secret>(ResourceClients.Secrets(_server.CreateClient()), new InformerOptions(), time,
            NullLogger<Informer<V1Secret>>.Instance, transform: CachedSecret.Strip);
        _writes = new CredentialWrites(_secrets, time);
    }

    public void Dispose() => _services.Dispose();

    private static V1Secret Owned(string? rv, DateTimeOffset refreshAt, string value = "old")
    {
        var secret = DesiredSecret.Build(Objects.Credential(), Objects.Issued(s_now.AddMinutes(50), value), "hash", s_now.AddMinutes(-10), refreshAt);
        secret.Metadata.ResourceVersion = rv;
        secret.Metadata.Uid = "secret-uid";
        return secret;
    }

    /// <summary>The informer's cache holding <paramref name="secret"/>, as its watch delivered it (through its transform).</summary>
    private void Cache(V1Secret secret) => _secrets.Cache.Upsert(_secrets.Prepare(KubernetesJson.Deserialize<V1Secret>(KubernetesJson.Serialize(secret))));

    [Fact]
    public async Task ReadSecret_InTheCache_MakesNoRequest()
    {
        Cache(Owned("5", s_now.AddMinutes(30)));

        var secret = await NewCluster().ReadSecretAsync("team-a", "app-aws", TestContext.Current.CancellationToken);

        Assert.Equal("5", secret!.Metadata.ResourceVersion);
        Assert.True(ManagedSecret.Read(secret)!.DataIntact);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ReadSecret_NotInTheCache_AsksTheServer_AndKeepsNoData()
    {
        // A Secret without our label (someone else's) is not in the cache; a first issue must see it to leave it alone.
        var foreign = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "app-aws", NamespaceProperty = "team-a", ResourceVersion = "3" },
            Data = new Dictionary<string, byte[]> { ["password"] = "hunter2"u8.ToArray() },
        };
        _server.Respond = (_, _) => (HttpStatusCode.OK, KubernetesJson.Serialize(foreign));

        var secret = await NewCluster().ReadSecretAsync("team-a", "app-aws", TestContext.Current.CancellationToken);

        Assert.Equal([(HttpMethod.Get, "/api/v1/namespaces/team-a/secrets/app-aws")], _server.Requests.Select(r => (r.Method, r.Path)));
        Assert.Equal("3", secret!.Metadata.ResourceVersion);
        Assert.Null(secret.Data);
        Assert.Equal(SecretDataHash.Compute(foreign.Data), SecretDataHash.Of(secret));
    }

    [Fact]
    public async Task ReadSecret_RightAfterOurWrite_CacheNotCaughtUp_SeesTheWrite()
    {
        // The informer still holds version 5 when the next reconcile reads: without the overlay of our own write it would
        // find the refresh still due, exchange again and replace from version 5 (409 Conflict).
        Cache(Owned("5", refreshAt: s_now));
        _server.Respond = (request, body) => request.Method == HttpMethod.Put
            ? (HttpStatusCode.OK, body.Replace("\"resourceVersion\":\"5\"", "\"resourceVersion\":\"6\"", StringComparison.Ordinal))
            : throw new InvalidOperationException("no read expected");
        var cluster = NewCluster();
        var existing = await cluster.ReadSecretAsync("team-a", "app-aws", TestContext.Current.CancellationToken);
        var desired = Owned(null, refreshAt: s_now.AddMinutes(40), value: "fresh");

        Assert.True(await cluster.WriteSecretAsync(existing, desired, TestContext.Current.CancellationToken));
        var read = await cluster.ReadSecretAsync("team-a", "app-aws", TestContext.Current.CancellationToken);

        Assert.Equal("5", _secrets.Cache.Get(new ObjectKey("team-a", "app-aws"))!.Metadata.ResourceVersion);
        Assert.Equal("6", read!.Metadata.ResourceVersion);
        Assert.Equal(s_now.AddMinutes(40), ManagedSecret.Read(read)!.RefreshAt);
        Assert.True(ManagedSecret.Read(read)!.DataIntact);
        Assert.Null(read.Data);
        Assert.Equal([HttpMethod.Put], _server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task WriteSecret_ItsWatchEventReconcilesNothing_OthersChangesDo()
    {
        _server.Respond = (_, body) => (HttpStatusCode.Created,
            body.Replace("\"metadata\":{", "\"metadata\":{\"resourceVersion\":\"9\",", StringComparison.Ordinal));
        var key = new ObjectKey("team-a", "app-aws");
        var enqueued = new List<string>();

        await NewCluster().WriteSecretAsync(null, Owned(null, s_now.AddMinutes(40)), TestContext.Current.CancellationToken);
        _writes.SecretWrites.Observe(key, WatchEventType.Added, "9", () => enqueued.Add("9"));
        _writes.SecretWrites.Observe(key, WatchEventType.Modified, "10", () => enqueued.Add("10"));

        Assert.Equal(["10"], enqueued);
    }

    [Fact]
    public async Task PatchStatus_ItsWatchEventReconcilesNothing()
    {
        _server.Respond = (_, body) => (HttpStatusCode.OK,
            """{"apiVersion":"credentials.delegated.dev/v1alpha1","kind":"DelegatedCredential","metadata":{"name":"app-aws","namespace":"team-a","resourceVersion":"12"},""" + body[1..]);
        var credential = Objects.Credential();
        var enqueued = new List<string>();

        await NewCluster().PatchStatusAsync(credential, new DelegatedCredentialStatus { SecretName = "app-aws" }, TestContext.Current.CancellationToken);
        _writes.StatusWrites.Observe(ObjectKey.Of(credential), WatchEventType.Modified, "12", () => enqueued.Add("12"));
        _writes.StatusWrites.Observe(ObjectKey.Of(credential), WatchEventType.Modified, "13", () => enqueued.Add("13"));

        Assert.Equal(["13"], enqueued);
    }

    [Fact]
    public async Task ReadSecret_NotFound_IsNull()
    {
        _server.Respond = (_, _) => (HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
        var cluster = NewCluster();

        var secret = await cluster.ReadSecretAsync("team-a", "app-aws", TestContext.Current.CancellationToken);

        Assert.Null(secret);
        Assert.Equal([(HttpMethod.Get, "/api/v1/namespaces/team-a/secrets/app-aws")], _server.Requests.Select(r => (r.Method, r.Path)));
    }

    [Fact]
    public async Task ReadServiceAccount_Cached_ComesFromTheInformerCache_WithoutARequest()
    {
        var cluster = NewCluster();
        _serviceAccounts.Cache.Upsert(ServiceAccounts.Irsa("app", "team-a", "arn:aws:iam::123456789012:role/app"));

        var found = await cluster.ReadServiceAccountAsync("team-a", "app", TestContext.Current.CancellationToken);

        Assert.Equal("arn:aws:iam::123456789012:role/app", found!.Metadata.Annotations[ServiceAccounts.RoleArnAnnotation]);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ReadServiceAccount_NotCached_IsAskedOfTheServer_StrippedAsCached_AndNotFoundIsNull()
    {
        // Created with its credential, its watch event not here yet: the server has it.
        var onServer = ServiceAccounts.Irsa("app", "team-b", "arn:aws:iam::123456789012:role/b");
        onServer.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update" }];
        _server.Respond = (request, _) => request.RequestUri!.AbsolutePath == "/api/v1/namespaces/team-b/serviceaccounts/app"
            ? (HttpStatusCode.OK, KubernetesJson.Serialize(onServer))
            : (HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
        var cluster = NewCluster();

        var found = await cluster.ReadServiceAccountAsync("team-b", "app", TestContext.Current.CancellationToken);
        var missing = await cluster.ReadServiceAccountAsync("team-c", "app", TestContext.Current.CancellationToken);

        Assert.Equal("arn:aws:iam::123456789012:role/b", found!.Metadata.Annotations[ServiceAccounts.RoleArnAnnotation]);
        Assert.Null(found.Metadata.ManagedFields);
        Assert.Null(missing);
        Assert.Equal(
            [(HttpMethod.Get, "/api/v1/namespaces/team-b/serviceaccounts/app"), (HttpMethod.Get, "/api/v1/namespaces/team-c/serviceaccounts/app")],
            _server.Requests.Select(r => (r.Method, r.Path)));
    }

    [Fact]
    public async Task WriteSecret_TypeChanged_DeletesTheSecretReadAsOurs_ThenCreatesAnOpaqueOne()
    {
        _server.Respond = (request, body) => (HttpStatusCode.OK, request.Method == HttpMethod.Delete ? "{}" : body);
        var credential = Objects.Credential();
        // A Secret of another type, written before the type was restricted to Opaque.
        credential.Spec = credential.Spec with { Secret = new SecretSpec { Type = "credentials.delegated.dev/aws" } };
        var existing = DesiredSecret.Build(credential, Objects.Issued(s_now.AddMinutes(50)), "old-hash", s_now.AddMinutes(-10), s_now.AddMinutes(30));
        existing.Metadata.ResourceVersion = "7";
        existing.Metadata.Uid = "secret-uid";
        credential.Spec = credential.Spec with { Secret = new SecretSpec { Type = "Opaque" } };
        var desired = DesiredSecret.Build(credential, Objects.Issued(s_now.AddHours(1), "fresh"), "new-hash", s_now, s_now.AddMinutes(40));

        var wrote = await NewCluster().WriteSecretAsync(existing, desired, TestContext.Current.CancellationToken);

        Assert.True(wrote);
        Assert.Equal(
            [(HttpMethod.Delete, "/api/v1/namespaces/team-a/secrets/app-aws"), (HttpMethod.Post, "/api/v1/namespaces/team-a/secrets")],
            _server.Requests.Select(r => (r.Method, r.Path)));
        var preconditions = JsonNode.Parse(_server.Requests[0].Body)!["preconditions"]!;
        Assert.Equal(("7", "secret-uid"), ((string?)preconditions["resourceVersion"], (string?)preconditions["uid"]));
        Assert.Equal("Opaque", (string?)JsonNode.Parse(_server.Requests[1].Body)!["type"]);
    }

    [Theory]
    [InlineData("kubernetes.io/service-account-token", null)]
    [InlineData("Opaque", "kubernetes.io/service-account.name")]
    [InlineData("Opaque", "node.k8s.io/x")]
    [InlineData("Opaque", "x.credentials.delegated.dev/spec-hash")]
    public async Task WriteSecret_OfAnotherTypeOrWithAReservedKey_IsRefusedWithoutARequest(string type, string? annotation)
    {
        // Validation bypassed (a spec the validator never saw): the writer itself writes only plain Secrets.
        var credential = Objects.Credential();
        var desired = DesiredSecret.Build(credential, Objects.Issued(s_now.AddHours(1), "fresh"), "new-hash", s_now, s_now.AddMinutes(40));
        desired.Type = type;
        if (annotation is not null)
        {
            desired.Metadata.Annotations[annotation] = "default";
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => NewCluster().WriteSecretAsync(null, desired, TestContext.Current.CancellationToken));

        Assert.Empty(_server.Requests);
    }

    private KubernetesCredentialCluster NewCluster()
    {
        IKubernetes client = _server.CreateClient();
        var time = new FakeTimeProvider(s_now);
        var events = new EventRecorder(client, "test-operator", time, NullLogger<EventRecorder>.Instance);
        var metrics = new CredentialMetrics(_services.GetRequiredService<IMeterFactory>());
        return new KubernetesCredentialCluster(client, new SecretWriter(client), new StatusPatcher(client), events,
            new RolloutRestarter(client, events, metrics, NullLogger<RolloutRestarter>.Instance), _serviceAccounts, _secrets, _writes);
    }
}
