using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// An IAM role ARN, <c>arn:{partition}:iam::{account}:role/{path}{name}</c>, in the partitions the operator
/// supports (aws, aws-cn, aws-us-gov). <see cref="Path"/> is <c>/</c> or <c>/a/b/</c>, as IAM stores it.
/// </summary>
internal sealed partial record RoleArn(string Partition, string AccountId, string Path, string Name)
{
    public override string ToString() => $"arn:{Partition}:iam::{AccountId}:role{Path}{Name}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out RoleArn? arn, [NotNullWhen(false)] out string? error)
    {
        arn = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            error = "must look like arn:aws:iam::123456789012:role/name (partition aws, aws-cn or aws-us-gov, a 12-digit account)";
            return false;
        }

        var path = match.Groups["path"].Value;
        var name = match.Groups["name"].Value;
        if (name.Length > 64 || path.Length > 512)
        {
            error = "an IAM role name has at most 64 characters and its path at most 512";
            return false;
        }

        error = null;
        arn = new RoleArn(match.Groups["partition"].Value, match.Groups["account"].Value, path, name);
        return true;
    }

    public static RoleArn Parse(string text) =>
        TryParse(text, out var arn, out var error) ? arn : throw new FormatException($"Invalid IAM role ARN: {error}.");

    // Paths are "/" or "/segment/.../" of printable ASCII other than "/"; names are IAM's [\w+=,.@-] (ASCII \w).
    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov):iam::(?<account>\d{12}):role(?<path>/(?:[\x21-\x2E\x30-\x7E]+/)*)(?<name>[A-Za-z0-9_+=,.@-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
