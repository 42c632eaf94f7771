using System.Diagnostics.CodeAnalysis;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// The outcome of AssumeRoleWithWebIdentity: credentials and the assumed-role identity, or a failure reason with a
/// message a person can act on (the STS error code is in it; the token and any secret never are).
/// </summary>
internal sealed record AssumeRoleResult
{
    private AssumeRoleResult(AwsSessionCredentials? credentials, string? assumedRoleArn, ExchangeFailure? failure, string message)
    {
        Credentials = credentials;
        AssumedRoleArn = assumedRoleArn;
        Failure = failure;
        Message = message;
    }

    public AwsSessionCredentials? Credentials { get; }

    /// <summary><c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>, for <c>status.identity</c>.</summary>
    public string? AssumedRoleArn { get; }

    /// <summary>Why it failed, as the Ready condition will say it: IdentityDenied or ExchangeFailed.</summary>
    public ExchangeFailure? Failure { get; }

    public string Message { get; }

    /// <summary>The STS error code when STS answered with one (e.g. <c>InvalidIdentityToken</c>).</summary>
    public string? ErrorCode { get; private init; }

    [MemberNotNullWhen(true, nameof(Credentials), nameof(AssumedRoleArn))]
    public bool Succeeded => Credentials is not null;

    public static AssumeRoleResult Success(AwsSessionCredentials credentials, string assumedRoleArn) =>
        new(credentials, assumedRoleArn, null, $"assumed {assumedRoleArn} until {credentials.Expiration:O}");

    public static AssumeRoleResult Failed(string reason, string message, string? errorCode = null) =>
        new(null, null, new ExchangeFailure(reason, message), message) { ErrorCode = errorCode };

    /// <summary>The host policy refused the call to STS (<see cref="ExchangeFailure.RefusedByHostPolicy"/>).</summary>
    public static AssumeRoleResult RefusedByHostPolicy(string message) =>
        new(null, null, ExchangeFailure.HostPolicyRefusal(message), message);

    public override string ToString() => Succeeded ? $"Success: {Message}" : $"{Failure!.Reason}: {Message}";
}
