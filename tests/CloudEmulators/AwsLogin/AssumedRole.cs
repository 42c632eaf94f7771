namespace Operator.Testing.Clouds.AwsLogin;

/// <summary>The role and session of an <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c> ARN.</summary>
internal readonly record struct AssumedRole(string Role, string Session)
{
    public static AssumedRole? TryParse(string arn)
    {
        var resource = arn.Split(':', 6) is { Length: 6 } parts && parts[2] == "sts" ? parts[5] : null;
        var path = resource?.Split('/');
        return path is ["assumed-role", var role, var session] ? new AssumedRole(role, session) : null;
    }
}
