using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Credentials;

internal static class NoSecretsLogged
{
    /// <summary>Fails without printing the offending lines, which would put the secret into the test output.</summary>
    public static void Assert(OperatorTestbed testbed)
    {
        var leaks = testbed.LogLinesWithSecrets().Count;
        Xunit.Assert.True(leaks == 0, $"{leaks} captured log line(s) contain a secret value (not shown here on purpose).");
        Xunit.Assert.NotEmpty(testbed.Logs.Lines);
    }
}
