using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Operator.Testing.Clouds.Oidc;

namespace Operator.Testing.Clouds.Sts;

/// <summary>
/// An AWS STS that checks what it receives as the real one does: AssumeRoleWithWebIdentity verifies the web
/// identity token against registered OIDC providers and role trust policies; GetCallerIdentity verifies SigV4
/// signatures made with the credentials it issued. Other emulators (Datadog, SingleStore, aws-login) replay
/// the signed requests they receive through <see cref="ReplayAsync"/> or over HTTP, as the real services do.
/// </summary>
internal sealed class StsEmulator : ICloudEmulator, IDisposable
{
    private readonly ConcurrentDictionary<string, OidcProviderRegistration> _providers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RoleTrustPolicy> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RoleTrustSource> _trustSources = new();
    private readonly ConcurrentDictionary<string, IssuedCredential> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StsCall> _calls = new();
    private readonly TimeProvider _time;
    private readonly IssuerCertificateTrust _trust = new();
    private readonly HttpClient _oidcHttp;
    private readonly StsRequestDispatcher _dispatcher;

    public StsEmulator(TimeProvider time, string account = "123456789012")
    {
        Account = account;
        _time = time;
        Faults = new CloudFaults(time);
        _oidcHttp = _trust.CreateHttpClient();
        Keys = new OidcKeyCache(_oidcHttp, time);
        TokenVerifier = new WebIdentityTokenVerifier(FindProvider, Keys, time, account);
        _dispatcher = new StsRequestDispatcher(
            new AssumeRoleWithWebIdentityAction(this, TokenVerifier, time),
            new GetCallerIdentityAction(new SigV4Verifier(FindCredential, time)));
    }

    public CloudFaults Faults { get; }

    /// <summary>The AWS account every role and credential belongs to.</summary>
    public string Account { get; }

    /// <summary>The JWKS cache (its lifetime is adjustable).</summary>
    public OidcKeyCache Keys { get; }

    /// <summary>The token verifier (its clock skew is adjustable).</summary>
    public WebIdentityTokenVerifier TokenVerifier { get; }

    /// <summary>
    /// Grants <c>min(DurationSeconds, cap)</c> when set, like an issuer that grants less than asked, so tests can
    /// watch refreshes within a minute.
    /// </summary>
    public TimeSpan? MaxGrantedLifetime { get; set; }

    /// <summary>Every credential issued so far.</summary>
    public IReadOnlyCollection<IssuedCredential> Issued => _issued.Values.ToList();

    /// <summary>
    /// Every HTTP request received so far, in completion order, including those a fault answered (an outage's 503s,
    /// throttling): what a test counts exchanges with. In-process replays are not included.
    /// </summary>
    public IReadOnlyList<StsCall> Calls => [.. _calls];

    /// <summary>Records the request's action and session name (the body is read and rewound), and its status once answered.</summary>
    public async Task OnRequestAsync(HttpContext context)
    {
        var at = _time.GetUtcNow();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(context.Request.QueryString.Value))
        {
            parameters[name] = values.ToString();
        }

        if (context.Request.HasFormContentType)
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            foreach (var (name, values) in QueryHelpers.ParseQuery(await reader.ReadToEndAsync(context.RequestAborted)))
            {
                parameters[name] = values.ToString();
            }

            context.Request.Body.Position = 0;
        }

        context.Response.OnCompleted(() =>
        {
            _calls.Enqueue(new StsCall(at, parameters.GetValueOrDefault("Action"), parameters.GetValueOrDefault("RoleSessionName"),
                context.Response.StatusCode));
            return Task.CompletedTask;
        });
    }

    /// <summary>Registers an IAM OIDC provider; <paramref name="authority"/> is the CA its HTTPS endpoint uses.</summary>
    public OidcProviderRegistration RegisterOidcProvider(Uri issuer, IReadOnlyList<string> clientIds, X509Certificate2? authority = null)
    {
        if (issuer.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("An OIDC provider's issuer must be an https URL.", nameof(issuer));
        }

        if (authority is not null)
        {
            _trust.Add(authority);
        }

        var registration = new OidcProviderRegistration(issuer, clientIds);
        _providers[registration.IssuerText] = registration;
        return registration;
    }

    /// <summary>Creates (or replaces) a role with its trust policy.</summary>
    public void AddRole(RoleTrustPolicy role) => _roles[role.RoleArn] = role;

    /// <summary>
    /// Adds statements to the trust policies, decided per call: asked with the role and the verified token's identity,
    /// a source answers a policy that trusts it, or null. Only the trust-policy lookup grows; the token is verified
    /// before (signature, issuer, audience among the provider's client IDs, lifetime) and the policy's issuer, subject
    /// and audience are checked after, as for <see cref="AddRole"/>'s. The sandbox trusts annotated ServiceAccounts this way.
    /// </summary>
    public void AddTrustSource(RoleTrustSource source) => _trustSources.Enqueue(source);

    /// <summary>The next <paramref name="count"/> requests get STS's <c>Throttling</c> error.</summary>
    public void ThrottleNext(int count) => Faults.Next(count, new CloudFault(TimeSpan.Zero,
        context => StsRequestDispatcher.WriteAsync(context, StsXml.Error(StsError.Throttling(), Guid.NewGuid().ToString()))));

    public IssuedCredential? FindCredential(string accessKeyId) => _issued.GetValueOrDefault(accessKeyId);

    /// <summary>
    /// Creates an IAM user with a long-term access key (<c>AKIA…</c>, no session token, never expiring) whose signatures
    /// this STS and the emulators that share its credential store (EKS Auth) verify: the identity of a caller that is no
    /// workload, e.g. the operator's own AWS identity for EKS Pod Identity.
    /// </summary>
    public IssuedCredential AddUser(string userName)
    {
        var credential = new IssuedCredential(
            "AKIA" + StsCredentialFactory.AccessKeyId()[4..], StsCredentialFactory.SecretAccessKey(), string.Empty,
            _time.GetUtcNow(), DateTimeOffset.MaxValue, $"arn:aws:iam::{Account}:user/{userName}",
            "AIDA" + StsCredentialFactory.RoleId(userName)[4..], Account, userName);
        Remember(credential);
        return credential;
    }

    /// <summary>Handles one request in-process, exactly as over HTTP (fault knobs apply only over HTTP).</summary>
    public Task<StsReply> ReplayAsync(SignedRequest request, CancellationToken cancellationToken = default) =>
        _dispatcher.HandleAsync(request, cancellationToken);

    /// <summary>Verifies a replayed GetCallerIdentity; returns who signed it, or the STS error.</summary>
    public (CallerIdentity? Caller, StsError? Error) VerifyCallerIdentity(SignedRequest request) =>
        _dispatcher.VerifyCallerIdentity(request);

    public void MapRoutes(IEndpointRouteBuilder routes) =>
        routes.MapMethods("/", ["GET", "POST"], async context =>
            await StsRequestDispatcher.WriteAsync(context, await _dispatcher.HandleAsync(await StsRequestDispatcher.ReadAsync(context), context.RequestAborted)));

    internal RoleTrustPolicy? FindRole(string roleArn) => _roles.GetValueOrDefault(roleArn);

    /// <summary>The role's own policy, then whatever the trust sources add for this identity.</summary>
    internal async Task<IReadOnlyList<RoleTrustPolicy>> TrustPoliciesAsync(string roleArn, WebIdentity identity, CancellationToken cancellationToken)
    {
        var policies = new List<RoleTrustPolicy>();
        if (FindRole(roleArn) is { } role)
        {
            policies.Add(role);
        }

        foreach (var source in _trustSources)
        {
            if (await source(roleArn, identity, cancellationToken) is { } added && added.RoleArn == roleArn)
            {
                policies.Add(added);
            }
        }

        return policies;
    }

    internal void Remember(IssuedCredential credential) => _issued[credential.AccessKeyId] = credential;

    private OidcProviderRegistration? FindProvider(string issuer) => _providers.GetValueOrDefault(issuer.TrimEnd('/'));

    /// <summary>Whether the OIDC discovery/JWKS fetch accepts a server certificate (<see cref="IssuerCertificateTrust"/>).</summary>
    internal bool AcceptsIssuerCertificate(X509Certificate? certificate, SslPolicyErrors errors) => _trust.Accepts(certificate, errors);

    public void Dispose() => _oidcHttp.Dispose();
}
