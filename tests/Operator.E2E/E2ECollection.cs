namespace Operator.E2E;

/// <summary>Every end-to-end test shares one cluster: starting K3s takes tens of seconds, and an existing cluster is one.</summary>
[CollectionDefinition(nameof(E2ECollection))]
public sealed class E2ECollection : ICollectionFixture<E2ECluster>;
