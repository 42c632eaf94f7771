using System.Security.Cryptography;
using System.Text;

namespace Operator.Testing.Clouds.Sts;

/// <summary>Random values shaped like STS's: <c>ASIA</c> key ids, 40-character secrets, long session tokens.</summary>
internal static class StsCredentialFactory
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string AccessKeyId() => "ASIA" + RandomBase32(16);

    public static string SecretAccessKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    public static string SessionToken() => "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(300));

    /// <summary>A role's unique id (<c>AROA…</c>), stable for a role ARN as in IAM.</summary>
    public static string RoleId(string roleArn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(roleArn));
        return "AROA" + new string(hash.Take(17).Select(b => Base32[b % 32]).ToArray());
    }

    private static string RandomBase32(int length) =>
        new(RandomNumberGenerator.GetBytes(length).Select(b => Base32[b % 32]).ToArray());
}
