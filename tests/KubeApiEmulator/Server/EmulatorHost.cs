using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Operator.Testing.KubeApi.Auth;
using Operator.Testing.KubeApi.Endpoints;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Faults;
using Operator.Testing.KubeApi.Http;
using Operator.Testing.KubeApi.OpenApi;
using Operator.Testing.KubeApi.Operations;
using Operator.Testing.KubeApi.Protobuf;
using Operator.Testing.KubeApi.Tables;
using Operator.Testing.KubeApi.Tokens;
using Operator.Testing.KubeApi.Watch;

namespace Operator.Testing.KubeApi.Server;

/// <summary>
/// Builds the Kestrel app. Seams for further work: register services in <see cref="AddServices"/> (another
/// <see cref="IRequestBodyDecoder"/> such as protobuf, an <see cref="IResponseShaper"/> for Tables) and map route
/// classes in <see cref="MapRoutes"/> (TokenRequest, OIDC discovery, /openapi/v3). Specific routes win over the
/// catch-all resource routes.
/// </summary>
internal static class EmulatorHost
{
    public static WebApplication Build(ClusterState cluster, FaultInjector faults, EmulatorCertificates certificates, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // F4: kube-apiserver allows 1000 concurrent HTTP/2 streams per connection (Kestrel's default is 100).
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, cluster.Options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificates.Server);
            });
        });
        AddServices(builder.Services, cluster, faults, token);
        var app = builder.Build();
        app.Use(TranslateErrorsAsync);
        app.Use(app.Services.GetRequiredService<BearerTokenCheck>().InvokeAsync);
        MapRoutes(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, ClusterState cluster, FaultInjector faults, string token)
    {
        services.AddRoutingCore();
        services.AddSingleton(cluster);
        services.AddSingleton(faults);
        services.AddSingleton<RequestLog>();
        services.AddSingleton<RbacAuthorizer>();
        services.AddSingleton(sp => new Authenticator(cluster, sp.GetRequiredService<ServiceAccountIssuer>(), token));
        services.AddSingleton(sp => new BearerTokenCheck(sp.GetRequiredService<Authenticator>(), sp.GetRequiredService<RbacAuthorizer>(),
            sp.GetRequiredService<RequestLog>(), TimeProvider.System)
        {
            AdditionalPublicPaths = { OpenIdMetadata.ConfigurationPath, OpenIdMetadata.JwksPath },
        });
        services.AddSingleton<ReviewEndpoints>();
        services.AddSingleton(sp => new FaultResponder(faults, cluster.Time));
        services.AddSingleton(sp => new WatchHub(cluster.Store));
        services.AddSingleton<IRequestBodyDecoder, JsonRequestBodyDecoder>();
        services.AddSingleton<IRequestBodyDecoder, ProtobufRequestBodyDecoder>();
        services.AddSingleton<IResponseShaper>(new TableResponseShaper(type => StoredCrdVersions.Find(cluster, type), cluster.Time));
        services.AddSingleton<ServiceAccountIssuer>();
        services.AddSingleton<TokenEndpoints>();
        services.AddSingleton<OpenApiEndpoints>();
        services.AddSingleton<RequestBodyDecoders>();
        services.AddSingleton<ObjectReader>();
        services.AddSingleton<ObjectCreator>();
        services.AddSingleton<ObjectUpdater>();
        services.AddSingleton<ObjectPatcher>();
        services.AddSingleton<ObjectDeleter>();
        services.AddSingleton<CollectionDeleter>();
        services.AddSingleton<WatchStream>();
        services.AddSingleton<ResourceVerbs>();
        services.AddSingleton<ResourceEndpoints>();
        Controllers.Register(services);
        cluster.Options.ConfigureServices?.Invoke(services);
    }

    private static void MapRoutes(WebApplication app)
    {
        HealthEndpoints.Map(app);
        DiscoveryEndpoints.Map(app);
        ControlEndpoints.Map(app);
        TokenEndpoints.Map(app);
        ReviewEndpoints.Map(app);
        OpenApiEndpoints.Map(app);
        ResourceEndpoints.Map(app);
        app.MapFallback(KubeResponses.WritePageNotFoundAsync);
    }

    /// <summary>Any handler may throw a <see cref="KubeApiException"/>; it becomes the Status response.</summary>
    private static async Task TranslateErrorsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (KubeApiException e) when (!context.Response.HasStarted)
        {
            await KubeResponses.WriteErrorAsync(context, e);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            await KubeResponses.WriteErrorAsync(context, StatusErrors.InternalError(e.Message));
        }
    }
}
