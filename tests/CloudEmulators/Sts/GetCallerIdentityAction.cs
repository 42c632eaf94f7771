namespace Operator.Testing.Clouds.Sts;

/// <summary>STS <c>GetCallerIdentity</c> (docs/protocols.md §3.2): the SigV4 signature is the whole check.</summary>
internal sealed class GetCallerIdentityAction(SigV4Verifier verifier)
{
    public CallerIdentity Execute(SignedRequest request)
    {
        var credential = verifier.Verify(request);
        return new CallerIdentity(credential.AssumedRoleArn, credential.AssumedRoleId, credential.Account);
    }
}
