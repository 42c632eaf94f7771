using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Http;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>
/// `POST …/serviceaccounts/{name}/token` (T1–T4) and the issuer discovery documents (T5). Mapped beside the
/// resource routes; the literal `token` segment makes this route win over the generic one.
/// </summary>
internal sealed class TokenEndpoints(ServiceAccountIssuer issuer, RequestBodyDecoders decoders)
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/namespaces/{ns}/serviceaccounts/{name}/token", (HttpContext c, string ns, string name) =>
            c.RequestServices.GetRequiredService<TokenEndpoints>().CreateTokenAsync(c, ns, name));
        app.MapGet(OpenIdMetadata.ConfigurationPath, (HttpContext c) =>
            c.RequestServices.GetRequiredService<TokenEndpoints>().ConfigurationAsync(c));
        app.MapGet(OpenIdMetadata.JwksPath, (HttpContext c) =>
            c.RequestServices.GetRequiredService<TokenEndpoints>().JwksAsync(c));
    }

    private async Task CreateTokenAsync(HttpContext context, string ns, string name)
    {
        try
        {
            var body = await decoders.DecodeObjectAsync(context.Request, context.RequestAborted);
            var result = issuer.TokenRequests.Create(ns, name, body);
            if (result.Rejection is { } rejection)
            {
                await KubeResponses.WriteJsonAsync(context, rejection.Code, rejection.ToStatus());
                return;
            }

            await KubeResponses.WriteJsonAsync(context, StatusCodes.Status201Created, result.Created!);
        }
        catch (KubeApiException e) when (!context.Response.HasStarted)
        {
            await KubeResponses.WriteErrorAsync(context, e);
        }
    }

    private Task ConfigurationAsync(HttpContext context) =>
        WriteAsync(context, OpenIdMetadata.ConfigurationContentType, OpenIdMetadata.Configuration(issuer.IssuerUrl, issuer.BaseUrl).ToJsonString());

    private Task JwksAsync(HttpContext context) =>
        WriteAsync(context, OpenIdMetadata.JwksContentType, OpenIdMetadata.Jwks(issuer.Key).ToJsonString());

    private static async Task WriteAsync(HttpContext context, string contentType, string json)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = OpenIdMetadata.CacheControl;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json), context.RequestAborted);
    }
}
