using Microsoft.Extensions.DependencyInjection;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Identity.Aws;
using Operator.Credentials.Targets;

namespace Operator.IntegrationTests.Targets;

/// <summary>
/// The vendor emulators and STS of <see cref="VendorEmulatorsFixture"/>, shared by a test class. Credentials are issued
/// straight into the STS emulator (the AWS provider's own tests cover AssumeRoleWithWebIdentity); the target classes
/// then run exactly as in the operator, through named HttpClients that trust the emulators' CA and time out, on the
/// emulators' fake clock unless a test gives the operator one of its own.
/// </summary>
public sealed class TargetEmulators : VendorEmulatorsFixture
{
    /// <summary>Temporary credentials for <c>assumed-role/{role}/{session}</c>, known to the STS emulator.</summary>
    internal AwsCloudIdentity Identity(string role, string session = "team-a.app", string? region = null)
    {
        var issued = Session(role, session);
        return new AwsCloudIdentity(issued.AssumedRoleArn,
            new AwsSessionCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, issued.Expiration), region);
    }

    /// <summary>The identity of <paramref name="role"/> with a secret key STS did not issue: the key id is known, the signature is wrong.</summary>
    internal AwsCloudIdentity ForgedIdentity(string role)
    {
        var identity = Identity(role);
        return identity with { Credentials = identity.Credentials with { SecretAccessKey = "forged-secret-forged-secret-forged-secre" } };
    }

    /// <summary>The identity of <paramref name="role"/> with an access key id STS never issued.</summary>
    internal AwsCloudIdentity UnknownIdentity(string role)
    {
        var identity = Identity(role);
        return identity with { Credentials = identity.Credentials with { AccessKeyId = "ASIAUNKNOWNKEY000000" } };
    }

    /// <summary>A context as the issuer builds it; <paramref name="time"/> is the operator's clock.</summary>
    internal TargetContext Context(TargetSpec target, CloudIdentity identity, TimeProvider? time = null, TimeSpan? timeout = null, string? ttl = null) =>
        new(Objects.ForTarget(target, ttl),
        identity,
        HttpClients(timeout ?? TimeSpan.FromSeconds(10), Host.CreateHandler),
        time ?? Time);

    /// <summary>Named clients as the operator registers them: <paramref name="handler"/> decides which CAs are trusted.</summary>
    internal static IHttpClientFactory HttpClients(TimeSpan timeout, Func<HttpMessageHandler> handler)
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(handler));
        foreach (var name in TargetHttpClients.All)
        {
            services.AddHttpClient(name, client => client.Timeout = timeout);
        }

        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    }
}
