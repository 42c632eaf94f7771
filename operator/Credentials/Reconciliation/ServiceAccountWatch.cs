using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Credentials.Reconciliation;

/// <summary>
/// Brings a ServiceAccount's changes to the DelegatedCredentials that name it (docs/security.md, consent): the credential
/// informer's cache is indexed by <c>namespace/serviceAccountName</c>, and each ServiceAccount event enqueues the
/// credentials found there. That is what stops a refresh the moment consent is revoked. Those in a failed state also get
/// their retry gate lifted (<see cref="BreakerWakeups.Wake"/>): the account was created, annotated or edited, which may be
/// the fix, so it is tried at once rather than at the backed-off retry time. ServiceAccounts change rarely, and an
/// endpoint that is down is still guarded by its breaker.
/// </summary>
internal sealed class ServiceAccountWatch
{
    public const string IndexName = "serviceAccount";

    private readonly ObjectCache<DelegatedCredential> _credentials;
    private readonly BreakerWakeups _wakeups;

    public ServiceAccountWatch(Informer<DelegatedCredential> credentials, BreakerWakeups wakeups)
    {
        _credentials = credentials.Cache;
        _wakeups = wakeups;
        _credentials.AddIndex(IndexName, c => IndexValue(c.Metadata.NamespaceProperty, c.Spec?.ServiceAccountName));
    }

    /// <summary>For <c>Controller.Watches</c>: wakes the failed credentials that name the account, returns the others to enqueue.</summary>
    public IEnumerable<ObjectKey> Map(InformerEvent<V1ServiceAccount> ev)
    {
        if (IndexValue(ev.Object.Metadata.NamespaceProperty, ev.Object.Metadata.Name) is not { } value)
        {
            return [];
        }

        var enqueue = new List<ObjectKey>();
        foreach (var key in _credentials.KeysByIndex(IndexName, value))
        {
            if (_credentials.Get(key)?.Status is { Failures: > 0 })
            {
                _wakeups.Wake(key);
            }
            else
            {
                enqueue.Add(key);
            }
        }

        return enqueue;
    }

    private static string? IndexValue(string? ns, string? serviceAccount) =>
        ns is null || string.IsNullOrEmpty(serviceAccount) ? null : $"{ns}/{serviceAccount}";
}
