using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>
/// The emulated cluster's service-account signing key: RSA 2048, generated per emulator, never persisted.
/// </summary>
/// <remarks>
/// The key id is what kube-apiserver derives (pkg/serviceaccount/jwt.go keyIDFromPublicKey):
/// base64url(SHA-256(DER SubjectPublicKeyInfo)), so a verifier that caches JWKS by kid behaves as with EKS.
/// </remarks>
internal sealed class ServiceAccountSigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public ServiceAccountSigningKey()
    {
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(_rsa.ExportSubjectPublicKeyInfo()));
    }

    public string KeyId { get; }

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256, i.e. JWS `RS256`.</summary>
    public byte[] SignRs256(ReadOnlySpan<byte> signingInput) =>
        _rsa.SignData(signingInput.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool VerifyRs256(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
        _rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>The public key as one JWKS entry, members in the order kube-apiserver serves them.</summary>
    public JsonObject ToJwk()
    {
        var p = _rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        };
    }

    public void Dispose() => _rsa.Dispose();
}
