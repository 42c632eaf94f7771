using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Throttling;
using Operator.Runtime;

namespace Operator.Tests.Credentials.Reconciliation;

/// <summary>A ServiceAccount's change reaches exactly the credentials that name it; failed ones also pass their retry gate.</summary>
public sealed class ServiceAccountWatchTests
{
    private readonly Informer<DelegatedCredential> _credentials;
    private readonly BreakerWakeups _wakeups;
    private readonly ServiceAccountWatch _watch;

    public ServiceAccountWatchTests()
    {
        var time = new FakeTimeProvider();
        // Never run: only its cache is used.
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" });
        _credentials = new Informer<DelegatedCredential>(ResourceClients.Custom<DelegatedCredential, DelegatedCredentialList>(client),
            new InformerOptions(), time, NullLogger<Informer<DelegatedCredential>>.Instance);
        _wakeups = new BreakerWakeups(new EndpointBreakers(time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)), () => null);
        _watch = new ServiceAccountWatch(_credentials, _wakeups);
    }

    [Fact]
    public void AnAccountsEvent_EnqueuesTheCredentialsNamingIt_InItsNamespaceOnly()
    {
        _credentials.Cache.Upsert(Objects.Credential(ns: "team-a", name: "one"));
        _credentials.Cache.Upsert(Objects.Credential(ns: "team-a", name: "two"));
        _credentials.Cache.Upsert(Objects.Credential(ns: "team-a", name: "other-account", serviceAccount: "ci"));
        _credentials.Cache.Upsert(Objects.Credential(ns: "team-b", name: "same-name-elsewhere"));

        var keys = _watch.Map(new InformerEvent<V1ServiceAccount>(WatchEventType.Modified, ServiceAccounts.Irsa("app", "team-a", null)));

        Assert.Equal(["one", "two"], keys.Select(k => k.Name).Order());
        Assert.All(keys, k => Assert.Equal("team-a", k.Namespace));
    }

    [Fact]
    public void AFailedCredential_IsWoken_PastItsRetryGate_NotJustEnqueued()
    {
        var failed = Objects.Credential(ns: "team-a", name: "failed");
        failed.Status = new DelegatedCredentialStatus { Failures = 2 };
        _credentials.Cache.Upsert(failed);
        _credentials.Cache.Upsert(Objects.Credential(ns: "team-a", name: "healthy"));

        var keys = _watch.Map(new InformerEvent<V1ServiceAccount>(WatchEventType.Added, ServiceAccounts.Irsa("app", "team-a", null)));

        Assert.Equal(["healthy"], keys.Select(k => k.Name));
        Assert.True(_wakeups.TakeRelease(new ObjectKey("team-a", "failed")));
        Assert.False(_wakeups.TakeRelease(new ObjectKey("team-a", "healthy")));
    }
}
