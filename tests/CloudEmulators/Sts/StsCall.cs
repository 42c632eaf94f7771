namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// One HTTP request STS received, whoever answered it (the action or a fault): when it arrived, its
/// <c>Action</c> and <c>RoleSessionName</c> (never the token), and the status code it got.
/// </summary>
internal sealed record StsCall(DateTimeOffset At, string? Action, string? RoleSessionName, int StatusCode)
{
    public bool IsAssumeRoleWithWebIdentity => Action == "AssumeRoleWithWebIdentity";

    public bool Succeeded => StatusCode is >= 200 and < 300;
}
