namespace Operator.Testing.Clouds.Gcp;

/// <summary>One token exchange as Google STS answered it: the OAuth error code when refused.</summary>
internal sealed record GoogleStsCall(DateTimeOffset At, string? Audience, int StatusCode, string? Error);
