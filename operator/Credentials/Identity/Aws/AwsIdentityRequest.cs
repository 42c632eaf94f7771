namespace Operator.Credentials.Identity.Aws;

/// <param name="Duration">The session lifetime asked of STS (STS clamps it to 15 min – 12 h and may grant less).</param>
/// <param name="StsEndpoint">From the spec; null: the regional endpoint for <paramref name="Region"/>, or the global one.</param>
internal sealed record AwsIdentityRequest(RoleArn RoleArn, string Audience, string? Region, string SessionName, TimeSpan Duration, Uri? StsEndpoint)
    : IdentityRequest(Audience)
{
    public override string Endpoint =>
        StsEndpoint?.Authority ?? Aws.StsEndpoint.For(Region).Host;

    public override string Fingerprint => $"aws|{RoleArn}|{Audience}|{Region}|{SessionName}|{StsEndpoint}";
}
