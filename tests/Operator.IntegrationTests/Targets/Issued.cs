using System.Text;
using Operator.Credentials;
using Operator.Credentials.Targets;

namespace Operator.IntegrationTests.Targets;

/// <summary>Assertions on an attempt that never print Secret data.</summary>
internal static class Issued
{
    public static IssuedCredential Value(Attempt<IssuedCredential> attempt)
    {
        Assert.True(attempt.Succeeded, $"expected a credential, got {attempt.Failure}");
        return attempt.Value!;
    }

    public static ExchangeFailure Failure(Attempt<IssuedCredential> attempt, string reason, string messagePart)
    {
        Assert.False(attempt.Succeeded, "expected a failure, got a credential");
        Assert.Equal(reason, attempt.Failure!.Reason);
        Assert.Contains(messagePart, attempt.Failure.Message, StringComparison.Ordinal);
        return attempt.Failure;
    }

    /// <summary>Issues through <paramref name="target"/> as the operator does, and expects a credential.</summary>
    public static async Task<IssuedCredential> ValueAsync(ICredentialTarget target, TargetContext context) =>
        Value(await target.IssueAsync(context, TestContext.Current.CancellationToken));

    /// <summary>Issues through <paramref name="target"/> as the operator does, and expects this failure.</summary>
    public static async Task<ExchangeFailure> FailureAsync(ICredentialTarget target, TargetContext context, string reason, string messagePart) =>
        Failure(await target.IssueAsync(context, TestContext.Current.CancellationToken), reason, messagePart);

    public static string Text(IssuedCredential credential, string key) => Encoding.UTF8.GetString(credential.Data[key]);
}
