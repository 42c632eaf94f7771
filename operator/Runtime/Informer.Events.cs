using k8s;
using k8s.Models;

namespace Operator.Runtime;

/// <summary>How the informer applies what its reflectors read to its cache, and tells the handlers.</summary>
internal sealed partial class Informer<T>
{
    /// <summary>After a (re)list of <paramref name="ns"/> (null: every namespace), which alone it replaces.</summary>
    internal void ReplaceCache(List<T> items, string? ns)
    {
        var previous = items.ToDictionary(ObjectKey.Of, i => Cache.ResourceVersion(ObjectKey.Of(i)));
        foreach (var gone in Cache.Replace(items, ns is null ? null : key => key.Namespace == ns))
        {
            Notify(new InformerEvent<T>(WatchEventType.Deleted, gone));
        }

        foreach (var item in items)
        {
            var old = previous[ObjectKey.Of(item)];
            if (old is null)
            {
                Notify(new InformerEvent<T>(WatchEventType.Added, item));
            }
            else if (old != item.ResourceVersion())
            {
                Notify(new InformerEvent<T>(WatchEventType.Modified, item));
            }
        }
    }

    internal void Apply(ResourceEvent<T> ev)
    {
        switch (ev.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var kept = _transform(ev.Object);
                Cache.Upsert(kept);
                Notify(new InformerEvent<T>(ev.Type, kept));
                break;
            case WatchEventType.Deleted:
                var gone = _transform(ev.Object);
                Cache.Remove(ObjectKey.Of(gone));
                Notify(new InformerEvent<T>(ev.Type, gone));
                break;
        }
    }

    private void Notify(InformerEvent<T> ev)
    {
        Action<InformerEvent<T>>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            handler(ev);
        }
    }
}
