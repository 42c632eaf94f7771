namespace Operator.Credentials.Identity.Kubernetes;

/// <summary>A token minted for a ServiceAccount through TokenRequest. Never printed: <see cref="ToString"/> hides it.</summary>
internal sealed record ServiceAccountToken(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"ServiceAccountToken {{ ExpiresAt = {ExpiresAt:O}, Token = <redacted> }}";
}
