namespace Operator.Credentials.Identity.Aws;

/// <summary>The ServiceAccount annotations of the EKS pod identity webhook (IRSA), which pods running as the SA get.</summary>
internal static class IrsaAnnotations
{
    public const string RoleArn = "eks.amazonaws.com/role-arn";
    public const string Audience = "eks.amazonaws.com/audience";
    public const string DefaultAudience = "sts.amazonaws.com";
}
