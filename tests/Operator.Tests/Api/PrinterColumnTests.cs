using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Operator.Testing.KubeApi.Schema.Printing;

namespace Operator.Tests.Api;

/// <summary>What `kubectl get dcred` shows for a credential the operator has issued.</summary>
public sealed class PrinterColumnTests
{
    [Fact]
    public void IssuedCredential_ShowsProviderTargetReadyExpiresRefreshAge()
    {
        var obj = CrdDocument.Sample("samples/datadog.yaml");
        obj["metadata"]!["creationTimestamp"] = "2026-08-05T12:00:00Z";
        obj["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Progressing", ["status"] = "False" },
                new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            ["provider"] = "aws",
            ["target"] = "datadog",
            ["expiresAt"] = "2026-08-05T13:34:56Z",
            ["refreshAt"] = "2026-08-05T13:14:56Z",
        };
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 8, 5, 12, 40, 0, TimeSpan.Zero));

        var cells = CrdDocument.Version["additionalPrinterColumns"]!.AsArray()
            .Select(c => PrinterColumnCell.Compute((string)c!["type"]!, JsonPathExpression.Parse((string)c["jsonPath"]!), obj, now))
            .Select(cell => cell?.GetValue<string>());

        Assert.Equal(["aws", "datadog", "True", "2026-08-05T13:34:56Z", "2026-08-05T13:14:56Z", "40m"], cells);
    }
}
