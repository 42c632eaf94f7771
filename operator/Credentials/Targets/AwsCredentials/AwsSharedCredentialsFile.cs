using System.Text;
using Operator.Credentials.Identity.Aws;

namespace Operator.Credentials.Targets.AwsCredentials;

/// <summary>
/// Renders credentials as an AWS shared credentials file (the <c>~/.aws/credentials</c> INI format) with a
/// single profile (<c>[default]</c> unless named), for pods that point <c>AWS_SHARED_CREDENTIALS_FILE</c> at the mounted Secret.
/// </summary>
internal static class AwsSharedCredentialsFile
{
    public static string Render(AwsSessionCredentials credentials, string? region = null, string profile = "default")
    {
        var file = new StringBuilder();
        file.Append('[').Append(SingleLine(profile)).Append("]\n");
        file.Append("aws_access_key_id = ").Append(SingleLine(credentials.AccessKeyId)).Append('\n');
        file.Append("aws_secret_access_key = ").Append(SingleLine(credentials.SecretAccessKey)).Append('\n');
        file.Append("aws_session_token = ").Append(SingleLine(credentials.SessionToken)).Append('\n');
        if (!string.IsNullOrEmpty(region))
        {
            file.Append("region = ").Append(SingleLine(region)).Append('\n');
        }

        return file.ToString();
    }

    // A line break inside a value would let it inject keys or profiles into the file.
    private static string SingleLine(string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? throw new ArgumentException("A credentials-file value cannot contain a line break.", nameof(value))
            : value;
}
