namespace Operator.Runtime;

/// <summary>One watch event; for a bookmark only <c>metadata.resourceVersion</c> is meaningful.</summary>
internal sealed record ResourceEvent<T>(k8s.WatchEventType Type, T Object);
