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

    public KubernetesCredentialClusterTests() =>
        _serviceAccounts = new Informer<V1ServiceAccount>(ResourceClients.ServiceAccounts(_server.CreateClient()), new InformerOptions(),
            new FakeTimeProvider(s_now), NullLogger<Informer<V1ServiceAccount>>.Instance);

    public void Dispose() => _services.Dispose();

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
    public async Task ReadServiceAccount_ComesFromTheInformerCache_WithoutARequest()
    {
        var cluster = NewCluster();
        _serviceAccounts.Cache.Upsert(ServiceAccounts.Irsa("app", "team-a", "arn:aws:iam::123456789012:role/app"));

        var found = await cluster.ReadServiceAccountAsync("team-a", "app", TestContext.Current.CancellationToken);
        var missing = await cluster.ReadServiceAccountAsync("team-b", "app", TestContext.Current.CancellationToken);

        Assert.Equal("arn:aws:iam::123456789012:role/app", found!.Metadata.Annotations[ServiceAccounts.RoleArnAnnotation]);
        Assert.Null(missing);
        Assert.Empty(_server.Requests);
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
            new RolloutRestarter(client, events, metrics, NullLogger<RolloutRestarter>.Instance), _serviceAccounts);
    }
}
