using k8s;

namespace Operator.Runtime;

/// <summary>
/// A change the informer applied to its cache. <see cref="Object"/> is the cached instance itself: handlers
/// must only read it (to map it to keys), never change or keep it.
/// </summary>
internal readonly record struct InformerEvent<T>(WatchEventType Type, T Object);
