using System.Text.Json.Nodes;

namespace Operator.Tests.Credentials.Validation;

/// <summary>
/// Specs the CRD refuses, each a sample and the edit of its spec that breaks it, tagged with the CRD rule it trips and
/// the field path kube-apiserver names. A CEL rule's tag is its <c>message</c>; a property-count rule's tag is
/// <c>minProperties at {path}</c> or <c>maxProperties at {path}</c>; <see cref="Schema"/> tags the plain schema
/// constraints (required, pattern, enum, length, list keys) the validator mirrors as well.
/// </summary>
internal static class InvalidSpecCases
{
    public const string Schema = "schema";

    private const string Minimal = "samples/minimal.yaml";
    private const string Datadog = "samples/datadog.yaml";
    private const string Http = "samples/http-aws-login.yaml";
    private const string Vault = "samples/http-vault-aws-login.yaml";
    private const string Singlestore = "samples/singlestore.yaml";
    private const string Gcp = "samples/gcp-access-token.yaml";
    private const string SaToken = "samples/serviceaccount-token.yaml";
    private const string PodIdentity = "samples/aws-pod-identity.yaml";
    private const string PodIdentityRule = "spec.provider.aws.mode podIdentity: the Pod Identity association decides the role, so roleArn, audience, sessionName and stsEndpoint must be empty";
    private const string Wip = "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x";
    private const string OrgUuid = "11111111-2222-3333-4444-555555555555";

    public static IReadOnlyDictionary<string, (string Rule, string Sample, Action<JsonObject> Mutate, string Field)> All { get; } =
        new Dictionary<string, (string, string, Action<JsonObject>, string)>
        {
            // ---- x-kubernetes-validations on spec ----
            ["datadog without provider"] = ("spec.provider is required unless the target is serviceAccountToken or an http target with proof kind serviceAccountToken",
                Datadog, s => s.Remove("provider"), "spec.provider"),
            ["singlestore without provider"] = ("spec.provider is required unless the target is serviceAccountToken or an http target with proof kind serviceAccountToken",
                Singlestore, s => s.Remove("provider"), "spec.provider"),
            ["provider aws with a serviceAccountToken target"] = ("spec.provider must be empty when the ServiceAccount's own token is sent (target serviceAccountToken, or http proof kind serviceAccountToken)",
                SaToken, s => s["provider"] = new JsonObject { ["aws"] = new JsonObject() }, "spec.provider"),
            ["provider aws with an http serviceAccountToken proof"] = ("spec.provider must be empty when the ServiceAccount's own token is sent (target serviceAccountToken, or http proof kind serviceAccountToken)",
                Http, s => s["target"]!["http"]!["proof"] = new JsonObject { ["kind"] = "serviceAccountToken", ["audience"] = "gpu" }, "spec.provider"),
            ["datadog with gcp"] = ("spec.target awsCredentials and datadog need spec.provider.aws",
                Datadog, s => s["provider"] = Provider("gcp"), "spec.target"),
            ["awsCredentials with azure"] = ("spec.target awsCredentials and datadog need spec.provider.aws",
                Minimal, s => s["provider"] = Provider("azure"), "spec.target"),
            ["gcpAccessToken with aws"] = ("spec.target gcpAccessToken and gcpIdToken need spec.provider.gcp",
                Gcp, s => s["provider"] = Provider("aws"), "spec.target"),
            ["azureAccessToken with aws"] = ("spec.target azureAccessToken needs spec.provider.azure",
                Minimal, s => s["target"] = new JsonObject { ["azureAccessToken"] = new JsonObject() }, "spec.target"),
            ["http aws proof with gcp"] = ("spec.target.http.proof kinds awsCredentials and awsSignedCallerIdentity need spec.provider.aws",
                Http, s => s["provider"] = Provider("gcp"), "spec.target"),
            ["ttl 5m with aws"] = ("spec.ttl must be between 15m and 12h with provider aws (STS DurationSeconds 900-43200)",
                Minimal, s => s["ttl"] = "5m", "spec.ttl"),
            ["ttl 13h with aws"] = ("spec.ttl must be between 15m and 12h with provider aws (STS DurationSeconds 900-43200)",
                Minimal, s => s["ttl"] = "13h", "spec.ttl"),
            ["ttl 1000h with aws"] = ("spec.ttl must be between 15m and 12h with provider aws (STS DurationSeconds 900-43200)",
                Minimal, s => s["ttl"] = "1000h", "spec.ttl"),
            ["ttl 13h with gcp"] = ("spec.ttl must be at most 12h with provider gcp",
                Gcp, s => s["ttl"] = "13h", "spec.ttl"),
            ["podIdentity with a roleArn"] = (PodIdentityRule,
                PodIdentity, s => s["provider"]!["aws"]!["roleArn"] = "arn:aws:iam::123456789012:role/reports", "spec.provider.aws.mode"),
            ["podIdentity with an audience"] = (PodIdentityRule,
                PodIdentity, s => s["provider"]!["aws"]!["audience"] = "sts.amazonaws.com", "spec.provider.aws.mode"),
            ["podIdentity with a sessionName"] = (PodIdentityRule,
                PodIdentity, s => s["provider"]!["aws"]!["sessionName"] = "reports", "spec.provider.aws.mode"),
            ["podIdentity with an stsEndpoint"] = (PodIdentityRule,
                PodIdentity, s => s["provider"]!["aws"]!["stsEndpoint"] = "https://sts.example", "spec.provider.aws.mode"),
            ["refreshBefore above ttl"] = ("spec.refreshBefore must be shorter than spec.ttl",
                Datadog, s => s["refreshBefore"] = "2h", "spec.refreshBefore"),
            ["refreshBefore equal to ttl"] = ("spec.refreshBefore must be shorter than spec.ttl",
                Minimal, s => (s["ttl"], s["refreshBefore"]) = ("1h", "60m"), "spec.refreshBefore"),
            ["refreshBefore above the default ttl"] = ("spec.refreshBefore must be shorter than spec.ttl",
                Minimal, s => s["refreshBefore"] = "2h", "spec.refreshBefore"),

            // ---- x-kubernetes-validations on fields ----
            ["ttl 25h"] = ("spec.ttl must be between 10m and 24h", SaToken, s => s["ttl"] = "25h", "spec.ttl"),
            ["token ttl 1m"] = ("spec.ttl must be between 10m and 24h", SaToken, s => s["ttl"] = "1m", "spec.ttl"),
            ["refreshBefore 30s"] = ("spec.refreshBefore must be at least 2m", Minimal, s => s["refreshBefore"] = "30s", "spec.refreshBefore"),
            ["singlestore database without workspaceGroupId"] = ("spec.target.singlestore.workspaceGroupId is required when kind is database",
                Singlestore, s => Remove(s, "target.singlestore.workspaceGroupId"), "spec.target.singlestore.workspaceGroupId"),
            ["singlestore default kind without workspaceGroupId"] = ("spec.target.singlestore.workspaceGroupId is required when kind is database",
                Singlestore, s => s["target"]!["singlestore"] = new JsonObject(), "spec.target.singlestore.workspaceGroupId"),
            ["http token proof without audience"] = ("spec.target.http.proof.audience is required when kind is serviceAccountToken",
                Http, s =>
                {
                    s.Remove("provider");
                    s["target"]!["http"]!["proof"] = new JsonObject { ["kind"] = "serviceAccountToken" };
                }, "spec.target.http.proof.audience"),
            ["http aws proof with audience"] = ("spec.target.http.proof.audience is only used when kind is serviceAccountToken",
                Http, s => s["target"]!["http"]!["proof"]!["audience"] = "gpu", "spec.target.http.proof.audience"),
            ["http credentials proof with signedHeaders"] = ("spec.target.http.proof.signedHeaders is only used when kind is awsSignedCallerIdentity",
                Http, s => s["target"]!["http"]!["proof"]!["signedHeaders"] = new JsonObject { ["X-Server"] = "a" }, "spec.target.http.proof.signedHeaders"),
            ["http both expiry paths"] = ("spec.target.http.response sets both expiresAtPath and expiresInPath; choose one",
                Http, s => s["target"]!["http"]!["response"]!["expiresInPath"] = "expires_in", "spec.target.http.response.expiresInPath"),
            ["http without expiry path"] = ("spec.target.http.response needs expiresAtPath or expiresInPath; a token whose expiry is unknown cannot be refreshed on time",
                Http, s => Remove(s, "target.http.response.expiresAtPath"), "spec.target.http.response.expiresAtPath"),

            // ---- spec.secret: a plain Secret, no keys Kubernetes or the operator act on ----
            ["secret label key not a qualified name"] = ("spec.secret.labels keys must be qualified names (an optional DNS subdomain prefix of at most 253 characters and a slash, then a name of at most 63 characters)",
                Minimal, s => s["secret"] = Secret("labels", "a/b/c", "x"), "spec.secret.labels"),
            ["secret label key name of 64 characters"] = ("spec.secret.labels keys must be qualified names (an optional DNS subdomain prefix of at most 253 characters and a slash, then a name of at most 63 characters)",
                Minimal, s => s["secret"] = Secret("labels", "example.com/" + new string('a', 64), "x"), "spec.secret.labels"),
            ["secret label key prefix of 254 characters"] = ("spec.secret.labels keys must be qualified names (an optional DNS subdomain prefix of at most 253 characters and a slash, then a name of at most 63 characters)",
                Minimal, s => s["secret"] = Secret("labels", string.Join('.', Enumerable.Repeat(new string('a', 50), 5)) + ".abc/x", "x"), "spec.secret.labels"),
            ["secret label under node.k8s.io"] = ("spec.secret.labels may not use the prefixes kubernetes.io/, k8s.io/ or credentials.delegated.dev/ (or their subdomains, except app.kubernetes.io/)",
                Minimal, s => s["secret"] = Secret("labels", "node.k8s.io/role", "x"), "spec.secret.labels"),
            ["secret label managed-by"] = ("spec.secret.labels may not use the prefixes kubernetes.io/, k8s.io/ or credentials.delegated.dev/ (or their subdomains, except app.kubernetes.io/)",
                Minimal, s => s["secret"] = Secret("labels", "credentials.delegated.dev/managed-by", "someone"), "spec.secret.labels"),
            ["secret annotation key not a qualified name"] = ("spec.secret.annotations keys must be qualified names (an optional DNS subdomain prefix of at most 253 characters and a slash, then a name of at most 63 characters)",
                Minimal, s => s["secret"] = Secret("annotations", "Bad Key", "x"), "spec.secret.annotations"),
            ["secret annotation service-account.name"] = ("spec.secret.annotations may not use the prefixes kubernetes.io/, k8s.io/ or credentials.delegated.dev/ (or their subdomains, except app.kubernetes.io/)",
                Minimal, s => s["secret"] = Secret("annotations", "kubernetes.io/service-account.name", "default"), "spec.secret.annotations"),
            ["secret annotation under foo.kubernetes.io"] = ("spec.secret.annotations may not use the prefixes kubernetes.io/, k8s.io/ or credentials.delegated.dev/ (or their subdomains, except app.kubernetes.io/)",
                Minimal, s => s["secret"] = Secret("annotations", "foo.kubernetes.io/x", "y"), "spec.secret.annotations"),
            ["secret annotation forging the spec hash"] = ("spec.secret.annotations may not use the prefixes kubernetes.io/, k8s.io/ or credentials.delegated.dev/ (or their subdomains, except app.kubernetes.io/)",
                Minimal, s => s["secret"] = Secret("annotations", "x.credentials.delegated.dev/spec-hash", "0"), "spec.secret.annotations"),
            ["33 secret labels"] = ("maxProperties at spec.secret.labels", Minimal, s => s["secret"] = new JsonObject { ["labels"] = Map(33) }, "spec.secret.labels"),
            ["33 secret annotations"] = ("maxProperties at spec.secret.annotations", Minimal, s => s["secret"] = new JsonObject { ["annotations"] = Map(33) }, "spec.secret.annotations"),
            ["secret type service-account-token"] = (Schema, Minimal, s => s["secret"] = new JsonObject { ["type"] = "kubernetes.io/service-account-token" }, "spec.secret.type"),
            ["secret type dockerconfigjson"] = (Schema, Minimal, s => s["secret"] = new JsonObject { ["type"] = "kubernetes.io/dockerconfigjson" }, "spec.secret.type"),
            ["secret label value of 64 characters"] = (Schema, Minimal, s => s["secret"] = Secret("labels", "team", new string('a', 64)), "spec.secret.labels.team"),
            ["secret label value with a space"] = (Schema, Minimal, s => s["secret"] = Secret("labels", "team", "a b"), "spec.secret.labels.team"),
            ["secret annotation value of 2049 characters"] = (Schema, Minimal, s => s["secret"] = Secret("annotations", "note", new string('a', 2049)), "spec.secret.annotations.note"),

            // ---- minProperties / maxProperties ----
            ["empty provider"] = ("minProperties at spec.provider", Minimal, s => s["provider"] = new JsonObject(), "spec.provider"),
            ["two providers"] = ("maxProperties at spec.provider",
                Minimal, s => s["provider"]!["gcp"] = new JsonObject { ["workloadIdentityProvider"] = Wip }, "spec.provider"),
            ["empty target"] = ("minProperties at spec.target", Minimal, s => s["target"] = new JsonObject(), "spec.target"),
            ["two targets"] = ("maxProperties at spec.target",
                Minimal, s => s["target"]!["datadog"] = new JsonObject { ["orgUuid"] = OrgUuid }, "spec.target"),
            ["empty caBundle"] = ("minProperties at spec.target.http.caBundle",
                Http, s => s["target"]!["http"]!["caBundle"] = new JsonObject(), "spec.target.http.caBundle"),
            ["caBundle from a ConfigMap and a Secret"] = ("maxProperties at spec.target.http.caBundle",
                Http, s => s["target"]!["http"]!["caBundle"]!["secretKeyRef"] = new JsonObject { ["name"] = "ca", ["key"] = "ca.crt" }, "spec.target.http.caBundle"),
            ["17 signed headers"] = ("maxProperties at spec.target.http.proof.signedHeaders",
                Vault, s => s["target"]!["http"]!["proof"]!["signedHeaders"] = Map(17), "spec.target.http.proof.signedHeaders"),
            ["33 static fields"] = ("maxProperties at spec.target.http.staticFields",
                Http, s => s["target"]!["http"]!["staticFields"] = Map(33), "spec.target.http.staticFields"),

            // ---- the schema's other constraints ----
            ["no serviceAccountName"] = (Schema, Minimal, s => s.Remove("serviceAccountName"), "spec.serviceAccountName"),
            ["serviceAccountName not a DNS name"] = (Schema, Minimal, s => s["serviceAccountName"] = "App_1", "spec.serviceAccountName"),
            ["ttl not a duration"] = (Schema, Minimal, s => s["ttl"] = "1 hour", "spec.ttl"),
            ["ttl in the wrong order"] = (Schema, Minimal, s => s["ttl"] = "30m1h", "spec.ttl"),
            ["refreshBefore with a fraction"] = (Schema, Minimal, s => s["refreshBefore"] = "0.5h", "spec.refreshBefore"),
            ["roleArn not an IAM role"] = (Schema, Datadog, s => s["provider"]!["aws"]!["roleArn"] = "arn:aws:iam::123:user/someone", "spec.provider.aws.roleArn"),
            ["region not a region"] = (Schema, Datadog, s => s["provider"]!["aws"]!["region"] = "Frankfurt", "spec.provider.aws.region"),
            ["sessionName one character"] = (Schema, Minimal, s => s["provider"]!["aws"]!["sessionName"] = "a", "spec.provider.aws.sessionName"),
            ["aws mode unknown"] = (Schema, Minimal, s => s["provider"]!["aws"]!["mode"] = "kiam", "spec.provider.aws.mode"),
            ["stsEndpoint not https"] = (Schema, Minimal, s => s["provider"]!["aws"]!["stsEndpoint"] = "http://sts.local", "spec.provider.aws.stsEndpoint"),
            ["workloadIdentityProvider missing"] = (Schema, Gcp, s => Remove(s, "provider.gcp.workloadIdentityProvider"), "spec.provider.gcp.workloadIdentityProvider"),
            ["workloadIdentityProvider not a resource name"] = (Schema, Gcp, s => s["provider"]!["gcp"]!["workloadIdentityProvider"] = "projects/1/pools/p", "spec.provider.gcp.workloadIdentityProvider"),
            ["azure tenantId not a UUID"] = (Schema, Minimal, s =>
            {
                s["provider"] = new JsonObject { ["azure"] = new JsonObject { ["tenantId"] = "contoso" } };
                s["target"] = new JsonObject { ["azureAccessToken"] = new JsonObject() };
            }, "spec.provider.azure.tenantId"),
            ["orgUuid not a UUID"] = (Schema, Datadog, s => s["target"]!["datadog"]!["orgUuid"] = "my-org", "spec.target.datadog.orgUuid"),
            ["orgUuid missing"] = (Schema, Datadog, s => Remove(s, "target.datadog.orgUuid"), "spec.target.datadog.orgUuid"),
            ["datadog site unknown"] = (Schema, Datadog, s => s["target"]!["datadog"]!["site"] = "datadoghq.net", "spec.target.datadog.site"),
            ["datadog url not https"] = (Schema, Datadog, s => s["target"]!["datadog"]!["url"] = "http://localhost:8080", "spec.target.datadog.url"),
            ["workspaceGroupId with a slash"] = (Schema, Singlestore, s => s["target"]!["singlestore"]!["workspaceGroupId"] = "a/b", "spec.target.singlestore.workspaceGroupId"),
            ["singlestore serverUrl not https"] = (Schema, Singlestore, s => s["target"]!["singlestore"]!["serverUrl"] = "http://auth", "spec.target.singlestore.serverUrl"),
            ["http url not https"] = (Schema, Http, s => s["target"]!["http"]!["url"] = "http://gpu.example.com/aws-login", "spec.target.http.url"),
            ["http method GET"] = (Schema, Http, s => s["target"]!["http"]!["method"] = "GET", "spec.target.http.method"),
            ["caBundle ConfigMap name not a DNS name"] = (Schema, Http, s => s["target"]!["http"]!["caBundle"]!["configMapKeyRef"]!["name"] = "Internal_CA", "spec.target.http.caBundle.configMapKeyRef.name"),
            ["tokenPath with a space"] = (Schema, Http, s => s["target"]!["http"]!["response"]!["tokenPath"] = "api key", "spec.target.http.response.tokenPath"),
            ["tokenKey with a slash"] = (Schema, Http, s => s["target"]!["http"]!["response"]!["tokenKey"] = "a/b", "spec.target.http.response.tokenKey"),
            ["extraKeys repeating a key"] = (Schema, Http, s => s["target"]!["http"]!["response"]!["extraKeys"]![1]!["key"] = "username", "spec.target.http.response.extraKeys[1]"),
            ["fieldNames token empty"] = (Schema, Http, s => s["target"]!["http"]!["proof"]!["fieldNames"] = new JsonObject { ["accessKeyId"] = "" }, "spec.target.http.proof.fieldNames.accessKeyId"),
            ["serviceAccountToken without audience"] = (Schema, SaToken, s => Remove(s, "target.serviceAccountToken.audience"), "spec.target.serviceAccountToken.audience"),
            ["secret name Bad_Name"] = (Schema, Minimal, s => s["secret"] = new JsonObject { ["name"] = "Bad_Name" }, "spec.secret.name"),
            ["secret name too long"] = (Schema, Minimal, s => s["secret"] = new JsonObject { ["name"] = new string('a', 254) }, "spec.secret.name"),
            ["restartOnRotation repeating a workload"] = (Schema, Datadog, s => s["restartOnRotation"]!.AsArray().Add(new JsonObject { ["kind"] = "Deployment", ["name"] = "ray-head" }), "spec.restartOnRotation[1]"),
            ["restartOnRotation name not a DNS name"] = (Schema, Datadog, s => s["restartOnRotation"]![0]!["name"] = "Ray_Head", "spec.restartOnRotation[0].name"),
        };

    private static JsonObject Provider(string cloud) => new()
    {
        [cloud] = cloud == "gcp" ? new JsonObject { ["workloadIdentityProvider"] = Wip } : new JsonObject(),
    };

    private static JsonObject Secret(string member, string key, string value) => new() { [member] = new JsonObject { [key] = value } };

    private static JsonObject Map(int entries) =>
        new(Enumerable.Range(0, entries).Select(i => KeyValuePair.Create<string, JsonNode?>($"field{i}", "value")));

    // Removes a dot-separated path below spec.
    private static void Remove(JsonObject spec, string path)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(spec, (node, name) => (JsonObject)node[name]!);
        parent.Remove(parts[^1]);
    }
}
