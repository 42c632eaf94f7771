using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Operator.Testing.Clouds;

/// <summary>
/// A Kestrel HTTPS server on 127.0.0.1 (random port) that hosts one or more cloud emulators. Its certificate
/// chains to <see cref="Authority"/>; clients trust that CA through <see cref="CreateHttpClient"/> or
/// <see cref="CreateHandler"/>.
/// </summary>
internal sealed class CloudHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private CloudHost(WebApplication app, X509Certificate2 certificate, CloudCertificateAuthority authority, Uri baseAddress)
    {
        _app = app;
        _certificate = certificate;
        Authority = authority;
        BaseAddress = baseAddress;
    }

    /// <summary>The https base address, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The CA the host's certificate chains to.</summary>
    public CloudCertificateAuthority Authority { get; }

    /// <summary>Starts a host serving <paramref name="emulators"/>, using the process-wide test CA.</summary>
    public static Task<CloudHost> StartAsync(params ICloudEmulator[] emulators) =>
        StartAsync(CloudCertificateAuthority.Shared, emulators);

    public static async Task<CloudHost> StartAsync(CloudCertificateAuthority authority, params ICloudEmulator[] emulators)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = authority.IssueServerCertificate();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        foreach (var emulator in emulators)
        {
            var group = app.MapGroup(string.Empty);
            group.AddEndpointFilter(async (context, next) =>
            {
                await emulator.OnRequestAsync(context.HttpContext);
                return await emulator.Faults.TryApplyAsync(context.HttpContext) ? Results.Empty : await next(context);
            });
            emulator.MapRoutes(group);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        foreach (var emulator in emulators)
        {
            emulator.OnStarted(baseAddress);
        }

        return new CloudHost(app, certificate, authority, baseAddress);
    }

    /// <summary>A handler that trusts the host's CA (for SDK clients that take a handler).</summary>
    public HttpMessageHandler CreateHandler() => Authority.CreateHandler();

    /// <summary>An HttpClient with <see cref="BaseAddress"/> set, trusting the host's CA.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler()) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
