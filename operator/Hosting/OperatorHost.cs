using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Microsoft.Extensions.Options;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Hosting;

/// <summary>
/// Builds the operator's host: configuration (appsettings, <c>OPERATOR__</c> environment variables, command line),
/// validated options, logging, the Kubernetes client, the controller and the health and metrics endpoints.
/// Tests and the sandbox build the very same host, adding only configuration and log capture.
/// </summary>
internal static class OperatorHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // Before anything uses KubernetesClient's JSON options, while they can still take the operator's types.
        OperatorJsonContext.Register();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = CommandLine.Normalize(args) });
        return builder;
    }

    /// <summary>Registers everything from the configuration as it stands; call after the last configuration source is added.</summary>
    /// <param name="customize">Last changes before the host is built (the test harness adds its log capture here).</param>
    public static WebApplication Build(WebApplicationBuilder builder, Action<WebApplicationBuilder>? customize = null)
    {
        // Bound and validated once, here; every part gets its own piece of this one object.
        var options = builder.Configuration.GetSection(OperatorOptions.Section).Get<OperatorOptions>() ?? new OperatorOptions();
        var invalid = new OperatorOptionsValidator().Validate(null, options);
        if (invalid.Failed)
        {
            throw new OptionsValidationException(OperatorOptions.Section, typeof(OperatorOptions), invalid.Failures);
        }

        builder.Services.AddSingleton(Options.Create(options));

        OperatorLogging.Configure(builder.Logging, options.Logging.Format, builder.Configuration);
        var secureMetrics = options.Http.MetricsAuth == MetricsAuth.Kubernetes;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The manifests scrape one port and probe the other. With secure metrics the scrape port speaks HTTPS and
            // /metrics answers only there, to an authorized caller (Runtime/Hosting/MetricsAuthorizer.cs).
            var address = IPAddress.Parse(options.Http.BindAddress);
            kestrel.Listen(address, options.Http.Port, listen =>
            {
                if (secureMetrics)
                {
                    listen.UseHttps(MetricsCertificate(options.Http));
                }
            });
            if (options.Http.HealthPort != options.Http.Port || options.Http.Port == 0)
            {
                kestrel.Listen(address, options.Http.HealthPort);
            }
        });
        builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(KubernetesClientFactory.CreateConfiguration(options.Kubernetes)));
        builder.Services.AddDelegatedCredentials(options);
        customize?.Invoke(builder);

        var app = builder.Build();
        if (secureMetrics)
        {
            app.UseMetricsAuthorization();
        }

        app.MapRuntimeEndpoints();
        return app;
    }

    private static X509Certificate2 MetricsCertificate(HttpEndpointOptions http) =>
        http.MetricsCertFile is { } cert
            ? X509Certificate2.CreateFromPemFile(cert, http.MetricsKeyFile)
            : SelfSignedCertificate.Create("delegated-credentials-operator-metrics", TimeProvider.System);
}
