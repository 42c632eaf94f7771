using System.Globalization;
using System.Text.RegularExpressions;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// STS <c>AssumeRoleWithWebIdentity</c> (docs/protocols.md §3.1): validates the parameters, verifies the token,
/// evaluates the role's trust policy, and issues credentials for <c>min(DurationSeconds, lifetime cap)</c>.
/// </summary>
internal sealed partial class AssumeRoleWithWebIdentityAction(
    StsEmulator sts, WebIdentityTokenVerifier verifier, TimeProvider time)
{
    public async Task<StsReply> ExecuteAsync(IReadOnlyDictionary<string, string> parameters, string requestId, CancellationToken cancellationToken)
    {
        var roleArn = Required(parameters, "RoleArn", 20, 2048);
        var sessionName = Required(parameters, "RoleSessionName", 2, 64);
        if (!SessionNamePattern().IsMatch(sessionName))
        {
            throw Validation($"Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        var token = Required(parameters, "WebIdentityToken", 4, 20000);
        var duration = Duration(parameters);
        if (parameters.TryGetValue("Policy", out var policy) && policy.Length > 2048)
        {
            throw Validation("Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048");
        }

        var identity = await verifier.VerifyAsync(token, cancellationToken);
        var role = (await sts.TrustPoliciesAsync(roleArn, identity, cancellationToken)).FirstOrDefault(policy =>
            policy.FederatedIssuer.ToString().TrimEnd('/') == identity.Issuer.ToString().TrimEnd('/')
            && policy.AllowsSubject(identity.Subject) && policy.AllowsAudience(identity.Audience))
            ?? throw new StsErrorException(StsError.AccessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity"));

        if (duration > role.SessionLimit)
        {
            throw new StsErrorException(StsError.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        return StsXml.AssumeRoleWithWebIdentity(Issue(roleArn, sessionName, identity, duration), identity, requestId);
    }

    private IssuedCredential Issue(string roleArn, string sessionName, WebIdentity identity, TimeSpan duration)
    {
        var granted = sts.MaxGrantedLifetime is { } cap && cap < duration ? cap : duration;
        var now = time.GetUtcNow();
        // STS reports whole seconds; the credential really expires at the instant it reports.
        var expiration = DateTimeOffset.FromUnixTimeSeconds((now + granted).ToUnixTimeSeconds());
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var credential = new IssuedCredential(
            StsCredentialFactory.AccessKeyId(), StsCredentialFactory.SecretAccessKey(), StsCredentialFactory.SessionToken(),
            now, expiration, $"arn:aws:sts::{sts.Account}:assumed-role/{roleName}/{sessionName}",
            $"{StsCredentialFactory.RoleId(roleArn)}:{sessionName}", sts.Account, identity.Subject);
        sts.Remember(credential);
        return credential;
    }

    private static TimeSpan Duration(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("DurationSeconds", out var text))
        {
            return TimeSpan.FromHours(1);
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw Validation($"Value '{text}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer");
        }

        return seconds switch
        {
            < 900 => throw Validation($"Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
            > 43200 => throw Validation($"Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"),
            _ => TimeSpan.FromSeconds(seconds),
        };
    }

    private static string Required(IReadOnlyDictionary<string, string> parameters, string name, int min, int max)
    {
        var field = char.ToLowerInvariant(name[0]) + name[1..];
        if (!parameters.TryGetValue(name, out var value))
        {
            throw Validation($"Value null at '{field}' failed to satisfy constraint: Member must not be null");
        }

        // The value is not echoed: for WebIdentityToken it is a credential.
        return value.Length < min || value.Length > max
            ? throw Validation($"Value at '{field}' failed to satisfy constraint: Member must have length between {min} and {max}")
            : value;
    }

    private static StsErrorException Validation(string message) =>
        new(StsError.ValidationError($"1 validation error detected: {message}"));

    // AWS's \w is ASCII-only, unlike .NET's.
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNamePattern();
}
