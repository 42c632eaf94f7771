using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class EventRecorderTests
{
    private readonly StubApiServer _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly TestWidget _widget = new() { Metadata = new V1ObjectMeta { Name = "w1", NamespaceProperty = "ns", Uid = "u-1" } };

    private EventRecorder NewRecorder() => new(_server.CreateClient(), "test-operator", _time, NullLogger<EventRecorder>.Instance);

    /// <summary>
    /// An object whose name has the 253 characters a name may have (a tenant's DelegatedCredential, say): its Event's name
    /// was the name plus a 19-character suffix, which the API server refuses, so the event was lost.
    /// </summary>
    [Theory]
    [InlineData(253)]
    [InlineData(240)]
    [InlineData(234)]
    public async Task Record_ObjectWithALongName_GetsAnEventNameWithin253_ThatIsADnsSubdomain(int length)
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 62), 5))[..length];
        var widget = new TestWidget { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Uid = "u-1" } };

        await NewRecorder().RecordAsync(widget, EventRecorder.Warning, "InvalidSpec", "bad", TestContext.Current.CancellationToken);

        var eventName = (string)JsonNode.Parse(Assert.Single(_server.Requests).Body)!["metadata"]!["name"]!;
        Assert.InRange(eventName.Length, 1, 253);
        Assert.Matches(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", eventName);
        Assert.Equal(name, (string?)JsonNode.Parse(_server.Requests[0].Body)!["involvedObject"]!["name"]);
    }

    [Fact]
    public void EventName_OfLongNames_StaysApartPerObjectAndReason()
    {
        var name = new string('a', 253);
        var other = new string('a', 252) + "b";

        var names = new[]
        {
            EventRecorder.EventName(name, "u-1", "Issued", "abc"),
            EventRecorder.EventName(other, "u-2", "Issued", "abc"),
            EventRecorder.EventName(name, "u-1", "InvalidSpec", "abc"),
        };

        Assert.Equal(3, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= 253));
        Assert.Equal("w1.abc", EventRecorder.EventName("w1", "u-1", "Issued", "abc"));
    }

    [Fact]
    public async Task Record_CreatesACoreEventAboutTheObject()
    {
        await NewRecorder().RecordAsync(_widget, EventRecorder.Normal, "Issued", "issued a credential", TestContext.Current.CancellationToken);

        var request = Assert.Single(_server.Requests);
        Assert.Equal((HttpMethod.Post, "/api/v1/namespaces/ns/events"), (request.Method, request.Path));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("Widget", (string?)body["involvedObject"]!["kind"]);
        Assert.Equal("test.example.com/v1", (string?)body["involvedObject"]!["apiVersion"]);
        Assert.Equal("u-1", (string?)body["involvedObject"]!["uid"]);
        Assert.Equal(("Issued", "issued a credential", "Normal", 1), ((string?)body["reason"], (string?)body["message"], (string?)body["type"], (int?)body["count"]));
        Assert.Equal("test-operator", (string?)body["source"]!["component"]);
        Assert.NotNull(body["firstTimestamp"]);
    }

    [Fact]
    public async Task Record_SameEventAgain_PatchesCountAndLastTimestampInsteadOfCreating()
    {
        var recorder = NewRecorder();
        await recorder.RecordAsync(_widget, EventRecorder.Warning, "Failed", "denied", TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1));

        await recorder.RecordAsync(_widget, EventRecorder.Warning, "Failed", "denied", TestContext.Current.CancellationToken);
        await recorder.RecordAsync(_widget, EventRecorder.Warning, "Failed", "denied", TestContext.Current.CancellationToken);

        Assert.Equal([HttpMethod.Post, HttpMethod.Patch, HttpMethod.Patch], _server.Requests.Select(r => r.Method));
        var last = JsonNode.Parse(_server.Requests[^1].Body)!;
        Assert.Equal(3, (int?)last["count"]);
        Assert.Equal("2026-01-02T03:05:05Z", (string?)last["lastTimestamp"]);
        Assert.Equal("application/merge-patch+json", _server.Requests[^1].ContentType);
    }

    [Fact]
    public async Task Record_DifferentMessage_CreatesANewEvent()
    {
        var recorder = NewRecorder();
        await recorder.RecordAsync(_widget, EventRecorder.Warning, "Failed", "denied", TestContext.Current.CancellationToken);

        await recorder.RecordAsync(_widget, EventRecorder.Warning, "Failed", "throttled", TestContext.Current.CancellationToken);

        Assert.Equal([HttpMethod.Post, HttpMethod.Post], _server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Record_ServerFailure_DoesNotThrow()
    {
        _server.Respond = (_, _) => (HttpStatusCode.InternalServerError, """{"kind":"Status","code":500}""");

        var record = NewRecorder().RecordAsync(_widget, EventRecorder.Normal, "Issued", "x", TestContext.Current.CancellationToken);

        await record;
        Assert.Single(_server.Requests);
    }
}
