using System.Text.Json.Nodes;

namespace Operator.Testing.Harness;

/// <summary>
/// The DelegatedCredentials the CRD must refuse at apply time, each as a sample and the edit of its spec that
/// breaks it, with the field the 422 must name so that `kubectl apply` points the user at what to fix. Checked
/// against the CRD in-process (tests/Operator.Tests/Api) and on a real API server (tests/Operator.E2E).
/// </summary>
public static class InvalidDelegatedCredentials
{
    private const string Minimal = "samples/minimal.yaml";
    private const string Datadog = "samples/datadog.yaml";
    private const string Http = "samples/http-aws-login.yaml";
    private const string Singlestore = "samples/singlestore.yaml";
    private const string Gcp = "samples/gcp-access-token.yaml";
    private const string SaToken = "samples/serviceaccount-token.yaml";
    private const string Wip = "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x";

    public static IReadOnlyDictionary<string, (string Sample, Action<JsonObject> Mutate, string Field)> All { get; } =
        new Dictionary<string, (string, Action<JsonObject>, string)>
        {
            ["two providers"] = (Minimal, s => s["provider"]!["gcp"] = new JsonObject { ["workloadIdentityProvider"] = Wip }, "spec.provider"),
            ["two targets"] = (Minimal, s => s["target"]!["datadog"] = new JsonObject { ["orgUuid"] = "11111111-2222-3333-4444-555555555555" }, "spec.target"),
            ["no target"] = (Minimal, s => s.Remove("target"), "spec.target"),
            ["missing serviceAccountName"] = (Minimal, s => s.Remove("serviceAccountName"), "spec.serviceAccountName"),
            ["provider missing for datadog"] = (Datadog, s => s.Remove("provider"), "spec.provider"),
            ["provider given for serviceAccountToken"] = (SaToken, s => s["provider"] = new JsonObject { ["aws"] = new JsonObject() }, "spec.provider"),
            ["datadog with gcp"] = (Datadog, s => s["provider"] = new JsonObject { ["gcp"] = new JsonObject { ["workloadIdentityProvider"] = Wip } }, "spec.target"),
            ["gcpAccessToken with aws"] = (Gcp, s => s["provider"] = new JsonObject { ["aws"] = new JsonObject() }, "spec.target"),
            ["azureAccessToken with aws"] = (Minimal, s => s["target"] = new JsonObject { ["azureAccessToken"] = new JsonObject() }, "spec.target"),
            ["http aws proof with gcp"] = (Http, s => s["provider"] = new JsonObject { ["gcp"] = new JsonObject { ["workloadIdentityProvider"] = Wip } }, "spec.target"),
            ["ttl 5m with aws"] = (Minimal, s => s["ttl"] = "5m", "spec.ttl"),
            ["ttl 13h with aws"] = (Minimal, s => s["ttl"] = "13h", "spec.ttl"),
            ["ttl 13h with gcp"] = (Gcp, s => s["ttl"] = "13h", "spec.ttl"),
            ["ttl 25h"] = (SaToken, s => s["ttl"] = "25h", "spec.ttl"),
            ["ttl not a duration"] = (Minimal, s => s["ttl"] = "1 hour", "spec.ttl"),
            ["refreshBefore equal to ttl"] = (Minimal, s => (s["ttl"], s["refreshBefore"]) = ("1h", "60m"), "spec.refreshBefore"),
            ["refreshBefore above ttl"] = (Datadog, s => s["refreshBefore"] = "2h", "spec.refreshBefore"),
            ["refreshBefore under 2m"] = (Minimal, s => s["refreshBefore"] = "90s", "spec.refreshBefore"),
            ["http url not https"] = (Http, s => s["target"]!["http"]!["url"] = "http://gpu.example.com/aws-login", "spec.target.http.url"),
            ["http both expiry paths"] = (Http, s => s["target"]!["http"]!["response"]!["expiresInPath"] = "expires_in", "spec.target.http.response.expiresInPath"),
            ["http token proof without audience"] = (Http, s =>
            {
                s.Remove("provider");
                s["target"]!["http"]!["proof"] = new JsonObject { ["kind"] = "serviceAccountToken" };
            }, "spec.target.http.proof.audience"),
            ["http proof kind unknown"] = (Http, s => s["target"]!["http"]!["proof"]!["kind"] = "password", "spec.target.http.proof.kind"),
            ["secret name Bad_Name"] = (Minimal, s => s["secret"] = new JsonObject { ["name"] = "Bad_Name" }, "spec.secret.name"),
            ["secret name too long"] = (Minimal, s => s["secret"] = new JsonObject { ["name"] = new string('a', 254) }, "spec.secret.name"),
            ["roleArn not an IAM role"] = (Datadog, s => s["provider"]!["aws"]!["roleArn"] = "arn:aws:iam::123:user/someone", "spec.provider.aws.roleArn"),
            ["orgUuid not a UUID"] = (Datadog, s => s["target"]!["datadog"]!["orgUuid"] = "my-org", "spec.target.datadog.orgUuid"),
            ["datadog site unknown"] = (Datadog, s => s["target"]!["datadog"]!["site"] = "datadoghq.net", "spec.target.datadog.site"),
            ["datadog url not https"] = (Datadog, s => s["target"]!["datadog"]!["url"] = "http://localhost:8080", "spec.target.datadog.url"),
            ["singlestore database without workspaceGroupId"] = (Singlestore, s => s["target"]!["singlestore"]!.AsObject().Remove("workspaceGroupId"), "spec.target.singlestore.workspaceGroupId"),
            ["restartOnRotation kind Job"] = (Datadog, s => s["restartOnRotation"]![0]!["kind"] = "Job", "spec.restartOnRotation[0].kind"),
            // A tenant asking Kubernetes to fill the Secret with a long-lived token of another ServiceAccount (the type,
            // the annotation naming the ServiceAccount, each on its own), or forging the operator's own marks.
            ["secret of type service-account-token for the default ServiceAccount"] = (Minimal, s => s["secret"] = new JsonObject
            {
                ["type"] = "kubernetes.io/service-account-token",
                ["annotations"] = new JsonObject { ["kubernetes.io/service-account.name"] = "default" },
            }, "spec.secret.type"),
            ["secret annotation kubernetes.io/service-account.name"] = (Minimal, s => s["secret"] = new JsonObject
            {
                ["annotations"] = new JsonObject { ["kubernetes.io/service-account.name"] = "default" },
            }, "spec.secret.annotations"),
            ["secret label under node.k8s.io"] = (Minimal, s => s["secret"] = new JsonObject { ["labels"] = new JsonObject { ["node.k8s.io/x"] = "y" } }, "spec.secret.labels"),
            ["secret label forging managed-by"] = (Minimal, s => s["secret"] = new JsonObject { ["labels"] = new JsonObject { ["credentials.delegated.dev/managed-by"] = "me" } }, "spec.secret.labels"),
            ["secret with 33 annotations"] = (Minimal, s => s["secret"] = new JsonObject
            {
                ["annotations"] = new JsonObject(Enumerable.Range(0, 33).Select(i => KeyValuePair.Create<string, JsonNode?>($"note{i}", "x"))),
            }, "spec.secret.annotations"),
            ["azure tenantId not a UUID"] = (Minimal, s =>
            {
                s["provider"] = new JsonObject { ["azure"] = new JsonObject { ["tenantId"] = "contoso" } };
                s["target"] = new JsonObject { ["azureAccessToken"] = new JsonObject() };
            }, "spec.provider.azure.tenantId"),
        };
}
