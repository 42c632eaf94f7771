namespace Operator.Credentials.Identity;

/// <summary>A token sent as <c>Authorization: Bearer</c> or stored in a Secret. Never printed: <see cref="ToString"/> hides it.</summary>
internal sealed record BearerToken(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"BearerToken {{ ExpiresAt = {ExpiresAt:O}, Token = <redacted> }}";
}
