using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Operator.Credentials.Identity.Aws;

/// <summary>
/// The identity STS reports for assumed-role credentials, <c>arn:{partition}:sts::{account}:assumed-role/{role}/{session}</c>.
/// It drops the role's path, so <see cref="RoleArn"/> can be compared with a configured role only by partition,
/// account and name.
/// </summary>
internal sealed partial record AssumedRoleArn(string Partition, string AccountId, string RoleName, string SessionName)
{
    public override string ToString() => $"arn:{Partition}:sts::{AccountId}:assumed-role/{RoleName}/{SessionName}";

    /// <summary>Whether these credentials are a session of <paramref name="role"/> (paths are not in the assumed-role ARN).</summary>
    public bool IsSessionOf(RoleArn role) =>
        role.Partition == Partition && role.AccountId == AccountId && role.Name == RoleName;

    public static bool TryParse(string? text, [NotNullWhen(true)] out AssumedRoleArn? arn)
    {
        var match = text is null ? null : Pattern().Match(text);
        arn = match is { Success: true }
            ? new AssumedRoleArn(match.Groups["partition"].Value, match.Groups["account"].Value, match.Groups["role"].Value, match.Groups["session"].Value)
            : null;
        return arn is not null;
    }

    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov):sts::(?<account>\d{12}):assumed-role/(?<role>[A-Za-z0-9_+=,.@-]{1,64})/(?<session>[A-Za-z0-9_+=,.@-]{2,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
