namespace Operator.Credentials.Targets.Http;

/// <summary>The Secret data read from an http target's answer, and when it expires.</summary>
internal sealed record HttpTokenResponse(IReadOnlyDictionary<string, byte[]> Data, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"HttpTokenResponse {{ Keys = [{string.Join(", ", Data.Keys)}], ExpiresAt = {ExpiresAt:O} }}";
}
