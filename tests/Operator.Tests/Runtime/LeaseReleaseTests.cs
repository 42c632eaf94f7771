using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class LeaseReleaseTests
{
    private readonly StubApiServer _server = new();

    private static string Lease(string holder) => $$$"""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"op","namespace":"ns","resourceVersion":"42"},
         "spec":{"holderIdentity":"{{{holder}}}","leaseDurationSeconds":15,"acquireTime":"2026-01-01T00:00:00.000000Z","renewTime":"2026-01-01T00:00:10.000000Z","leaseTransitions":3}}
        """;

    [Fact]
    public async Task Release_HeldLease_ClearsTheHolderWithAReplaceAtTheReadVersion()
    {
        _server.Respond = (request, body) => (HttpStatusCode.OK, request.Method == HttpMethod.Get ? Lease("me") : body);

        await new LeaseRelease(_server.CreateClient(), NullLogger.Instance).ReleaseAsync("ns", "op", "me");

        Assert.Equal([HttpMethod.Get, HttpMethod.Put], _server.Requests.Select(r => r.Method));
        var put = JsonNode.Parse(_server.Requests[1].Body)!;
        Assert.Equal("", (string?)put["spec"]!["holderIdentity"]);
        Assert.Equal(1, (int?)put["spec"]!["leaseDurationSeconds"]);
        Assert.Equal("42", (string?)put["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Release_LeaseHeldBySomeoneElse_IsLeftAlone()
    {
        _server.Respond = (_, _) => (HttpStatusCode.OK, Lease("other"));

        await new LeaseRelease(_server.CreateClient(), NullLogger.Instance).ReleaseAsync("ns", "op", "me");

        Assert.Equal([HttpMethod.Get], _server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Release_ServerError_DoesNotThrow()
    {
        _server.Respond = (_, _) => (HttpStatusCode.InternalServerError, """{"kind":"Status","code":500}""");

        await new LeaseRelease(_server.CreateClient(), NullLogger.Instance).ReleaseAsync("ns", "op", "me");

        Assert.Single(_server.Requests);
    }
}
