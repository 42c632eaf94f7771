namespace Operator.Credentials.Secrets;

/// <param name="DataIntact">False when the data no longer matches the hash written with it (edited by hand).</param>
internal sealed record ManagedSecretState(
    string SpecHash,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RefreshAt,
    string Identity,
    bool DataIntact);
