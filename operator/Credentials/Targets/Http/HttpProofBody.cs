using System.Text.Json.Nodes;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Identity.Kubernetes;

namespace Operator.Credentials.Targets.Http;

/// <summary>
/// The proof part of an http target's request: JSON fields for the body, and for <c>serviceAccountToken</c> the
/// bearer token that goes into <c>Authorization</c>. The proof never reaches anything but the request.
/// </summary>
internal sealed record HttpProofBody(JsonObject Fields, string? BearerToken)
{
    public static async Task<Attempt<HttpProofBody>> BuildAsync(TargetContext context, HttpProof proof, CancellationToken cancellationToken)
    {
        var names = proof.FieldNames ?? new HttpProofFieldNames();
        switch (proof.Kind)
        {
            case HttpProofKind.AwsCredentials when context.Identity is IAwsCredentials aws:
                return new HttpProofBody(new JsonObject
                {
                    [names.AccessKeyId ?? HttpProofFieldNames.DefaultAccessKeyId] = aws.Credentials.AccessKeyId,
                    [names.SecretAccessKey ?? HttpProofFieldNames.DefaultSecretAccessKey] = aws.Credentials.SecretAccessKey,
                    [names.SessionToken ?? HttpProofFieldNames.DefaultSessionToken] = aws.Credentials.SessionToken,
                }, null);

            case HttpProofKind.AwsSignedCallerIdentity when context.Identity is IAwsCredentials aws:
                var signed = CallerIdentitySigner.Sign(aws.Credentials, StsEndpoint.For(aws.Region),
                    proof.SignedHeaders ?? new Dictionary<string, string>(), context.Time.GetUtcNow());
                return new HttpProofBody(VaultIamLoginProof.Fields(signed, new VaultIamLoginFieldNames(
                    names.RequestMethod ?? HttpProofFieldNames.DefaultRequestMethod,
                    names.RequestUrl ?? HttpProofFieldNames.DefaultRequestUrl,
                    names.RequestBody ?? HttpProofFieldNames.DefaultRequestBody,
                    names.RequestHeaders ?? HttpProofFieldNames.DefaultRequestHeaders)), null);

            case HttpProofKind.ServiceAccountToken:
                return await ServiceAccountTokenAsync(context, proof, names, cancellationToken);

            default:
                return ExchangeFailure.InvalidSpec(
                    $"spec.target.http.proof.kind {proof.Kind} needs provider aws, not {context.Identity.Provider}.");
        }
    }

    private static async Task<Attempt<HttpProofBody>> ServiceAccountTokenAsync(
        TargetContext context, HttpProof proof, HttpProofFieldNames names, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(proof.Audience))
        {
            return ExchangeFailure.InvalidSpec("spec.target.http.proof.audience is required when kind is serviceAccountToken.");
        }

        // The token only has to outlive this one request: the shortest lifetime the API server grants.
        var token = await context.Identity.Require<IIdTokenSource>().GetIdTokenAsync(proof.Audience, ServiceAccountTokens.ExchangeLifetime, cancellationToken);
        if (!token.Succeeded)
        {
            return token.Failure!;
        }

        var fields = new JsonObject();
        if (!string.IsNullOrEmpty(names.Token))
        {
            fields[names.Token] = token.Value!.Token;
        }

        return new HttpProofBody(fields, token.Value!.Token);
    }

    public override string ToString() => $"HttpProofBody {{ Fields = [{string.Join(", ", Fields.Select(f => f.Key))}] }}";
}
