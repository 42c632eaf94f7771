using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Gc;

/// <summary>
/// The control-plane loops that finish deletions, run asynchronously after writes (like kube-controller-manager):
/// garbage collection by ownerReferences (D4, D5), the namespace controller (terminating namespaces are emptied,
/// then removed) and CRD cleanup (a deleted CRD's objects are deleted before the CRD goes). Each pass reads a
/// snapshot and acts through the same store operations as API requests.
/// </summary>
internal sealed partial class GarbageCollector(ClusterState cluster, ObjectDeleter deleter, ILogger<GarbageCollector> logger) : IDisposable
{
    private const string CrdCleanupFinalizer = Kinds.CustomResourceDefinitionStrategy.CleanupFinalizer;
    private readonly MetadataEdits _edits = new(cluster);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private int _pending;

    public void Start()
    {
        cluster.Store.Committed += OnCommitted;
        _ = Task.Run(RunAsync);
    }

    public void Dispose()
    {
        cluster.Store.Committed -= OnCommitted;
        _stop.Cancel();
        _stop.Dispose();
    }

    private void OnCommitted(StoreEvent e)
    {
        if (Matters(e) && !OwnersAllLive(e))
        {
            Signal();
        }
    }

    /// <summary>
    /// A write of a live object whose owners all exist, with the uids it names and none of them being deleted, gives a pass
    /// nothing to do for that object (kube-controller-manager's graph likewise acts only on absent or deleting owners).
    /// Checked here with one lookup per owner, under the store's lock the event is raised in, so that every write of an owned
    /// object (each Secret an operator writes) no longer snapshots the whole store.
    /// </summary>
    private bool OwnersAllLive(StoreEvent e)
    {
        if (e.Type == StoreEventType.Deleted || e.Object["metadata"] is not JsonObject metadata || metadata["deletionTimestamp"] is not null
            || metadata["ownerReferences"] is not JsonArray references)
        {
            return false;
        }

        foreach (var reference in references.OfType<JsonObject>())
        {
            if (ClusterSnapshot.OwnerType(cluster, reference) is not { } ownerType)
            {
                continue; // An owner of a kind not served is left alone by a pass too (ClusterSnapshot.OwnerExists).
            }

            if (ClusterSnapshot.OwnerKey(ownerType, e.Namespace, reference) is not { } key)
            {
                return false;
            }

            var owner = cluster.Store.Read(ownerType.StorageKey, key,
                obj => (Uid: obj["metadata"]?["uid"]?.GetValue<string>(), Deleting: obj["metadata"]?["deletionTimestamp"] is not null));
            if (owner.Uid is null || owner.Uid != reference["uid"]?.GetValue<string>() || owner.Deleting)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Only removals, deletions in progress and objects with owners can need a pass; other writes are skipped
    /// so that ordinary traffic does not snapshot the whole store.</summary>
    private static bool Matters(StoreEvent e) =>
        e.Type == StoreEventType.Deleted || e.Object["metadata"]?["deletionTimestamp"] is not null || e.Object["metadata"]?["ownerReferences"] is not null;

    private void Signal()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _wake.Release();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _wake.WaitAsync(_stop.Token);
                if (cluster.Options.GarbageCollectionDelay > TimeSpan.Zero)
                {
                    await Task.Delay(cluster.Options.GarbageCollectionDelay, cluster.Time, _stop.Token);
                }
                Interlocked.Exchange(ref _pending, 0);
                TrySweep();
            }
        }
        catch (OperationCanceledException)
        {
            // Emulator disposed.
        }
        catch (ObjectDisposedException)
        {
            // Emulator disposed while a pass ran.
        }
    }

    /// <summary>A failed pass must not end the loop: the next write that matters starts another.</summary>
    private void TrySweep()
    {
        try
        {
            Sweep();
        }
        catch (Exception e) when (e is not (OperationCanceledException or ObjectDisposedException))
        {
            LogPassFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A garbage-collection pass failed; the next write that needs one starts another")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    /// <summary>One pass; the writes it makes signal the next pass, so chains (owner → dependent → ...) converge.</summary>
    private void Sweep()
    {
        var snapshot = new ClusterSnapshot(cluster);
        foreach (var entry in snapshot.Entries)
        {
            if (entry.IsDeleting)
            {
                FinishDeletion(snapshot, entry);
            }
            else if (entry.OwnerReferences.Any())
            {
                CollectIfOrphaned(snapshot, entry);
            }
        }
    }

    private void FinishDeletion(ClusterSnapshot snapshot, ObjectEntry entry)
    {
        if (entry.Type == BuiltinResources.Namespaces)
        {
            var contents = snapshot.Entries.Where(e => e.Type.Namespaced && e.Namespace == entry.Name).ToList();
            contents.Where(e => !e.IsDeleting).ToList().ForEach(Delete);
            if (contents.Count == 0)
            {
                cluster.Store.Remove(entry.Type.StorageKey, new ObjectKey("", entry.Name));
            }
            return;
        }
        if (entry.Type == BuiltinResources.CustomResourceDefinitions && entry.HasFinalizer(CrdCleanupFinalizer))
        {
            var group = entry.Object["spec"]?["group"]?.GetValue<string>();
            var plural = entry.Object["spec"]?["names"]?["plural"]?.GetValue<string>();
            var instances = snapshot.Entries.Where(e => e.Type.IsCustom && e.Type.Group == group && e.Type.Plural == plural).ToList();
            instances.Where(e => !e.IsDeleting).ToList().ForEach(Delete);
            if (instances.Count == 0)
            {
                _edits.RemoveFinalizer(entry, CrdCleanupFinalizer);
            }
            return;
        }
        var dependents = snapshot.DependentsOf(entry.Uid).ToList();
        if (entry.HasFinalizer("orphan"))
        {
            dependents.ForEach(d => _edits.DropOwnerReferences(d, r => r["uid"]?.GetValue<string>() == entry.Uid));
            _edits.RemoveFinalizer(entry, "orphan");
        }
        else if (entry.HasFinalizer("foregroundDeletion"))
        {
            dependents.Where(d => !d.IsDeleting).ToList().ForEach(Delete);
            var blocking = dependents.Any(d => d.OwnerReferences.Any(r =>
                r["uid"]?.GetValue<string>() == entry.Uid && r["blockOwnerDeletion"].AsBool() == true));
            if (!blocking)
            {
                _edits.RemoveFinalizer(entry, "foregroundDeletion");
            }
        }
    }

    /// <summary>D5: all owners gone → delete (uid precondition); some gone → drop the dangling references.</summary>
    private void CollectIfOrphaned(ClusterSnapshot snapshot, ObjectEntry entry)
    {
        var references = entry.OwnerReferences.ToList();
        var absent = references.Where(r => snapshot.OwnerExists(cluster, entry, r) == false).ToList();
        if (absent.Count == 0)
        {
            return;
        }
        if (absent.Count == references.Count)
        {
            Delete(entry);
        }
        else
        {
            var absentUids = absent.Select(r => r["uid"]?.GetValue<string>()).ToHashSet();
            _edits.DropOwnerReferences(entry, r => absentUids.Contains(r["uid"]?.GetValue<string>()));
        }
    }

    private void Delete(ObjectEntry entry)
    {
        try
        {
            deleter.Delete(entry.Type, entry.Namespace, entry.Name, new DeleteOptions("Background", null, entry.Uid, null, false));
        }
        catch (KubeApiException)
        {
            // Gone or replaced meanwhile: the next pass sees the new state.
        }
    }
}
