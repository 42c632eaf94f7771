namespace Operator.Credentials.Targets;

/// <summary>
/// What a target hands back: the Secret's data, when it stops being valid, and who it says we are.
/// <see cref="ToString"/> never shows the data.
/// </summary>
internal sealed record IssuedCredential(IReadOnlyDictionary<string, byte[]> Data, DateTimeOffset ExpiresAt, string Identity)
{
    public override string ToString() =>
        $"IssuedCredential {{ Keys = [{string.Join(", ", Data.Keys)}], ExpiresAt = {ExpiresAt:O}, Identity = {Identity} }}";
}
