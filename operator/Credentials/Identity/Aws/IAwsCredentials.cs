namespace Operator.Credentials.Identity.Aws;

/// <summary>A cloud identity holding temporary AWS credentials: SigV4 proofs are signed with them, or they are handed on.</summary>
internal interface IAwsCredentials
{
    AwsSessionCredentials Credentials { get; }

    /// <summary>The region asked for in the spec, for regional STS proofs and <c>AWS_REGION</c>; null: global.</summary>
    string? Region { get; }
}
