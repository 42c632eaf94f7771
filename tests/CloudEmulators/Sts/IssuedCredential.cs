namespace Operator.Testing.Clouds.Sts;

/// <summary>Temporary credentials the emulator issued and remembers, to verify later SigV4 signatures.</summary>
internal sealed record IssuedCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    string AssumedRoleArn,
    string AssumedRoleId,
    string Account,
    string Subject)
{
    /// <summary>Never prints the secret or the session token (records print every property by default).</summary>
    public override string ToString() => $"{AccessKeyId} as {AssumedRoleArn} until {StsXml.Timestamp(Expiration)}";
}
