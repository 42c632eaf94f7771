namespace Operator.E2E;

/// <summary>Every K3s test shares one cluster: starting K3s takes tens of seconds.</summary>
[CollectionDefinition(nameof(K3sCollection))]
public sealed class K3sCollection : ICollectionFixture<K3sCluster>;
