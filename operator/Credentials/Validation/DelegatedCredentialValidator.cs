using Operator.Api.V1Alpha1;
using Operator.Credentials.Identity;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Targets.Datadog;

namespace Operator.Credentials.Validation;

/// <summary>
/// The CRD's rules (crds/delegatedcredentials.credentials.delegated.dev.yaml), checked again in C#: an API server that
/// does not run CEL (an older one, or an edited CRD) admits specs the CRD refuses, and those must be refused before
/// any exchange rather than half-served. Every <c>x-kubernetes-validations</c> rule, every <c>minProperties</c> /
/// <c>maxProperties</c>, and the schema constraints the code relies on (required fields, patterns, enums, lengths,
/// https URLs, DNS-1123 names), each reported at the field path kube-apiserver names.
/// </summary>
/// <remarks>
/// Which provider serves which target is asked of <see cref="ProviderTargetMatrix.Allows"/>, the one place that knows
/// pairs; whether this build has both sides is not the CRD's business and stays in <see cref="ProviderTargetMatrix.Check"/>.
/// tests/Operator.Tests/Credentials/Validation/CrdRuleCoverageTests.cs fails when a CRD rule has no case here.
/// </remarks>
internal static class DelegatedCredentialValidator
{
    private static readonly TimeSpan s_minTtl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_maxTtl = TimeSpan.FromHours(24);
    private static readonly TimeSpan s_minAwsTtl = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan s_maxCloudTtl = TimeSpan.FromHours(12);
    private static readonly TimeSpan s_minRefreshBefore = TimeSpan.FromMinutes(2);
    private static readonly string[] s_httpMethods = ["POST", "PUT"];
    private static readonly string[] s_awsModes = [AwsProviderModes.Irsa, AwsProviderModes.PodIdentity];

    /// <summary>Null when the CRD would admit the spec; else InvalidSpec naming every violation, never retried.</summary>
    public static ExchangeFailure? Check(DelegatedCredentialSpec spec)
    {
        var violations = Validate(spec);
        return violations.Count == 0 ? null : ExchangeFailure.SpecRefused(string.Join(" ", violations));
    }

    /// <summary>Every violation, in the order of the spec's fields; empty when the CRD would admit the spec.</summary>
    public static IReadOnlyList<SpecViolation> Validate(DelegatedCredentialSpec spec)
    {
        var checks = new SpecChecks();
        checks.Required("spec.serviceAccountName", spec.ServiceAccountName, 1, 253, SpecPatterns.Dns1123Subdomain(), "a DNS-1123 subdomain");
        var providers = Provider(checks, spec.Provider);
        var targets = Target(checks, spec.Target);
        if (providers <= 1 && targets == 1)
        {
            Pair(checks, spec);
        }

        var ttl = Ttl(checks, spec);
        RefreshBefore(checks, spec, ttl);
        Secret(checks, spec.Secret);
        checks.List("spec.restartOnRotation", spec.RestartOnRotation, 32, w => (w.Kind, w.Name), (path, workload) =>
        {
            checks.Known($"{path}.kind", workload.Kind);
            checks.Required($"{path}.name", workload.Name, 1, 253, SpecPatterns.Dns1123Subdomain(), "a DNS-1123 subdomain");
        });
        return checks.Violations;
    }

    // spec.provider: minProperties 1, maxProperties 1, and each cloud's fields. Returns how many clouds are set.
    private static int Provider(SpecChecks checks, ProviderSpec? provider)
    {
        if (provider is null)
        {
            return 0;
        }

        var count = Count(provider.Aws, provider.Gcp, provider.Azure);
        if (count != 1)
        {
            checks.Add("spec.provider", $"spec.provider must name exactly one of aws, gcp, azure; it names {count}");
        }

        if (provider.Aws is { } aws)
        {
            const string Path = "spec.provider.aws";
            checks.Enum($"{Path}.mode", aws.Mode, s_awsModes);
            if (aws.IsPodIdentity && (aws.RoleArn ?? aws.Audience ?? aws.SessionName ?? aws.StsEndpoint) is not null)
            {
                checks.Add($"{Path}.mode",
                    "spec.provider.aws.mode podIdentity: the Pod Identity association decides the role, so roleArn, audience, sessionName and stsEndpoint must be empty");
            }

            checks.Text($"{Path}.roleArn", aws.RoleArn, 20, 2048, SpecPatterns.RoleArn(), "an IAM role ARN such as arn:aws:iam::123456789012:role/reader");
            checks.Text($"{Path}.region", aws.Region, 0, 32, SpecPatterns.AwsRegion(), "an AWS region such as eu-west-1");
            checks.Text($"{Path}.audience", aws.Audience, 1, 256);
            checks.Text($"{Path}.sessionName", aws.SessionName, 2, 64, SpecPatterns.SessionName(), "2 to 64 characters from [A-Za-z0-9_+=,.@-]");
            checks.Https($"{Path}.stsEndpoint", aws.StsEndpoint);
        }

        if (provider.Gcp is { } gcp)
        {
            const string Path = "spec.provider.gcp";
            checks.Required($"{Path}.workloadIdentityProvider", gcp.WorkloadIdentityProvider, 1, 512, SpecPatterns.WorkloadIdentityProvider(),
                "a provider's full resource name such as //iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/cluster");
            checks.Text($"{Path}.serviceAccountEmail", gcp.ServiceAccountEmail, 0, 254, SpecPatterns.GoogleServiceAccountEmail(), "a Google service account email (…@….gserviceaccount.com)");
            checks.Text($"{Path}.audience", gcp.Audience, 1, 512);
        }

        if (provider.Azure is { } azure)
        {
            const string Path = "spec.provider.azure";
            checks.Text($"{Path}.tenantId", azure.TenantId, 0, int.MaxValue, SpecPatterns.Uuid(), "a UUID");
            checks.Text($"{Path}.clientId", azure.ClientId, 0, int.MaxValue, SpecPatterns.Uuid(), "a UUID");
            checks.Https($"{Path}.authorityHost", azure.AuthorityHost);
            checks.Text($"{Path}.audience", azure.Audience, 1, 256);
        }

        return count;
    }

    // spec.target: minProperties 1, maxProperties 1, and each target's fields and rules. Returns how many targets are set.
    private static int Target(SpecChecks checks, TargetSpec? target)
    {
        target ??= new TargetSpec();
        var count = Count(target.AwsCredentials, target.Datadog, target.SingleStore, target.Http,
            target.GcpAccessToken, target.GcpIdToken, target.AzureAccessToken, target.ServiceAccountToken);
        if (count != 1)
        {
            var names = string.Join(", ", ProviderTargetMatrix.Targets.Select(t => t.Name).Distinct());
            checks.Add("spec.target", $"spec.target must name exactly one of {names}; it names {count}");
        }

        checks.Text("spec.target.awsCredentials.profile", target.AwsCredentials?.Profile, 1, 64, SpecPatterns.ProfileName(), "a profile name of [A-Za-z0-9_.-]");
        if (target.Datadog is { } datadog)
        {
            checks.Enum("spec.target.datadog.site", datadog.Site, [.. DatadogSites.All]);
            checks.Required("spec.target.datadog.orgUuid", datadog.OrgUuid, 1, int.MaxValue, SpecPatterns.Uuid(), "a UUID");
            checks.Https("spec.target.datadog.url", datadog.Url);
        }

        if (target.SingleStore is { } singlestore)
        {
            checks.Known("spec.target.singlestore.kind", singlestore.Kind);
            checks.Text("spec.target.singlestore.workspaceGroupId", singlestore.WorkspaceGroupId, 1, 128, SpecPatterns.WorkspaceGroupId(), "a workspace group ID of [A-Za-z0-9-]");
            checks.Https("spec.target.singlestore.serverUrl", singlestore.ServerUrl);
            if ((singlestore.Kind ?? SingleStoreJwtKind.Database) == SingleStoreJwtKind.Database && singlestore.WorkspaceGroupId is null)
            {
                checks.Add("spec.target.singlestore.workspaceGroupId",
                    "spec.target.singlestore.workspaceGroupId is required when kind is database (the default); kind api needs none");
            }
        }

        if (target.Http is { } http)
        {
            Http(checks, http);
        }

        if (target.GcpAccessToken is { } gcpAccessToken)
        {
            checks.List("spec.target.gcpAccessToken.scopes", gcpAccessToken.Scopes, 32, s => s, (path, scope) => checks.Text(path, scope, 0, 256));
        }

        if (target.GcpIdToken is { } gcpIdToken)
        {
            checks.Required("spec.target.gcpIdToken.audience", gcpIdToken.Audience, 1, 512);
        }

        checks.Text("spec.target.azureAccessToken.scope", target.AzureAccessToken?.Scope, 1, 512);
        if (target.ServiceAccountToken is { } serviceAccountToken)
        {
            checks.Required("spec.target.serviceAccountToken.audience", serviceAccountToken.Audience, 1, 512);
        }

        return count;
    }

    private static void Http(SpecChecks checks, HttpTargetSpec http)
    {
        const string Path = "spec.target.http";
        checks.Https($"{Path}.url", http.Url, required: true);
        checks.Enum($"{Path}.method", http.Method, s_httpMethods);
        if (http.CaBundle is { } caBundle)
        {
            if (Count(caBundle.ConfigMapKeyRef, caBundle.SecretKeyRef) != 1)
            {
                checks.Add($"{Path}.caBundle", $"{Path}.caBundle must name exactly one of configMapKeyRef, secretKeyRef");
            }

            KeyReference(checks, $"{Path}.caBundle.configMapKeyRef", caBundle.ConfigMapKeyRef);
            KeyReference(checks, $"{Path}.caBundle.secretKeyRef", caBundle.SecretKeyRef);
        }

        var proof = http.Proof;
        const string ProofPath = $"{Path}.proof";
        checks.Known($"{ProofPath}.kind", proof.Kind);
        checks.Text($"{ProofPath}.audience", proof.Audience, 1, 256);
        if (proof.Kind == HttpProofKind.ServiceAccountToken && proof.Audience is null)
        {
            checks.Add($"{ProofPath}.audience", $"{ProofPath}.audience is required when kind is serviceAccountToken: the audience the ServiceAccount token is minted for");
        }

        if (proof.Kind != HttpProofKind.ServiceAccountToken && proof.Audience is not null)
        {
            checks.Add($"{ProofPath}.audience", $"{ProofPath}.audience is only used when kind is serviceAccountToken; remove it");
        }

        if (proof.Kind != HttpProofKind.AwsSignedCallerIdentity && proof.SignedHeaders is not null)
        {
            checks.Add($"{ProofPath}.signedHeaders", $"{ProofPath}.signedHeaders is only used when kind is awsSignedCallerIdentity; remove it");
        }

        checks.Map($"{ProofPath}.signedHeaders", proof.SignedHeaders, 16, 1024);
        if (proof.FieldNames is { } names)
        {
            const string NamesPath = $"{ProofPath}.fieldNames";
            checks.Text($"{NamesPath}.accessKeyId", names.AccessKeyId, 1, 128);
            checks.Text($"{NamesPath}.secretAccessKey", names.SecretAccessKey, 1, 128);
            checks.Text($"{NamesPath}.sessionToken", names.SessionToken, 1, 128);
            checks.Text($"{NamesPath}.requestMethod", names.RequestMethod, 1, 128);
            checks.Text($"{NamesPath}.requestUrl", names.RequestUrl, 1, 128);
            checks.Text($"{NamesPath}.requestBody", names.RequestBody, 1, 128);
            checks.Text($"{NamesPath}.requestHeaders", names.RequestHeaders, 1, 128);
            checks.Text($"{NamesPath}.token", names.Token, 1, 128);
        }

        checks.Map($"{Path}.staticFields", http.StaticFields, 32, 1024);

        var response = http.Response;
        const string ResponsePath = $"{Path}.response";
        const string PathShape = "a dot-separated path of [A-Za-z0-9_-] names";
        checks.Required($"{ResponsePath}.tokenPath", response.TokenPath, 1, 256, SpecPatterns.ResponsePath(), PathShape);
        checks.Text($"{ResponsePath}.tokenKey", response.TokenKey, 1, 253, SpecPatterns.DataKey(), "a Secret key of [-._a-zA-Z0-9]");
        checks.Text($"{ResponsePath}.expiresAtPath", response.ExpiresAtPath, 1, 256, SpecPatterns.ResponsePath(), PathShape);
        checks.Text($"{ResponsePath}.expiresInPath", response.ExpiresInPath, 1, 256, SpecPatterns.ResponsePath(), PathShape);
        if (response.ExpiresAtPath is not null && response.ExpiresInPath is not null)
        {
            checks.Add($"{ResponsePath}.expiresInPath", $"{ResponsePath}.expiresInPath may not be set together with expiresAtPath; choose one");
        }

        if (response.ExpiresAtPath is null && response.ExpiresInPath is null)
        {
            checks.Add($"{ResponsePath}.expiresAtPath",
                $"{ResponsePath}.expiresAtPath (or expiresInPath) is required: a token whose expiry is unknown cannot be refreshed on time");
        }

        checks.List($"{ResponsePath}.extraKeys", response.ExtraKeys, 16, k => k.Key, (path, extra) =>
        {
            checks.Required($"{path}.key", extra.Key, 1, 253, SpecPatterns.DataKey(), "a Secret key of [-._a-zA-Z0-9]");
            checks.Required($"{path}.path", extra.Path, 1, 256, SpecPatterns.ResponsePath(), PathShape);
        });
    }

    private static void KeyReference(SpecChecks checks, string path, KeyReference? reference)
    {
        if (reference is null)
        {
            return;
        }

        checks.Required($"{path}.name", reference.Name, 1, 253, SpecPatterns.Dns1123Subdomain(), "a DNS-1123 subdomain");
        checks.Required($"{path}.key", reference.Key, 1, 253, SpecPatterns.DataKey(), "a data key of [-._a-zA-Z0-9]");
    }

    // The CRD's pair rules (provider required, provider must be empty, target needs provider X), answered by the matrix.
    private static void Pair(SpecChecks checks, DelegatedCredentialSpec spec)
    {
        // No row for an http proof kind this build does not know (Unrecognized): that field is reported on its own.
        if (ProviderTargetMatrix.ProviderOf(spec) is not { } provider || ProviderTargetMatrix.TargetOf(spec) is not { } target
            || ProviderTargetMatrix.Allows(provider, target))
        {
            return;
        }

        var fits = ProviderTargetMatrix.Providers.Where(p => ProviderTargetMatrix.Allows(p, target)).ToList();
        if (provider.Name == ProviderTargetMatrix.NoProvider)
        {
            checks.Add("spec.provider",
                $"spec.provider is required for spec.target.{target.Display}: it needs {string.Join(" or ", fits.Select(p => $"spec.provider.{p.Name}"))}");
        }
        else if (fits.All(p => p.Name == ProviderTargetMatrix.NoProvider))
        {
            checks.Add("spec.provider",
                $"spec.provider must be empty for spec.target.{target.Display}, which sends the ServiceAccount's own token; remove spec.provider.{provider.Name}");
        }
        else
        {
            checks.Add("spec.target",
                $"spec.target.{target.Display} cannot be served by spec.provider.{provider.Name}; it needs {string.Join(" or ", fits.Select(p => $"spec.provider.{p.Name}"))}");
        }
    }

    // spec.ttl: its pattern and lengths, 10m to 24h, with aws 15m to 12h, with gcp at most 12h. Returns the ttl (the
    // schema's default when absent) for refreshBefore's rule, or null when it does not parse.
    private static TimeSpan? Ttl(SpecChecks checks, DelegatedCredentialSpec spec)
    {
        if (spec.Ttl is null)
        {
            return DelegatedCredentialSpec.DefaultTtl;
        }

        if (Duration(checks, "spec.ttl", spec.Ttl) is not { } ttl)
        {
            return null;
        }

        var (min, max, why) = spec.Provider switch
        {
            { Aws: not null } => (s_minAwsTtl, s_maxCloudTtl, " with provider aws (STS DurationSeconds 900-43200)"),
            { Gcp: not null } => (s_minTtl, s_maxCloudTtl, " with provider gcp"),
            _ => (s_minTtl, s_maxTtl, ""),
        };
        if (ttl < min || ttl > max)
        {
            checks.Add("spec.ttl", $"spec.ttl '{spec.Ttl}' must be between {Format(min)} and {Format(max)}{why}");
        }

        return ttl;
    }

    // spec.refreshBefore: its pattern and lengths, at least 2m, shorter than ttl.
    private static void RefreshBefore(SpecChecks checks, DelegatedCredentialSpec spec, TimeSpan? ttl)
    {
        if (spec.RefreshBefore is null || Duration(checks, "spec.refreshBefore", spec.RefreshBefore) is not { } refreshBefore)
        {
            return;
        }

        if (refreshBefore < s_minRefreshBefore)
        {
            checks.Add("spec.refreshBefore",
                $"spec.refreshBefore '{spec.RefreshBefore}' must be at least 2m: the kubelet takes about a minute to update mounted Secrets");
        }

        if (ttl is { } lifetime && refreshBefore >= lifetime)
        {
            checks.Add("spec.refreshBefore", $"spec.refreshBefore '{spec.RefreshBefore}' must be shorter than spec.ttl ({Format(lifetime)})");
        }
    }

    private static TimeSpan? Duration(SpecChecks checks, string field, string text)
    {
        var before = checks.Violations.Count;
        checks.Text(field, text, 2, 16, SpecPatterns.Duration(), "a duration of hours, minutes and seconds in that order, such as 45m or 1h30m");
        if (checks.Violations.Count != before)
        {
            return null;
        }

        if (!CredentialLifetime.TryParse(text, field, out var value, out var error))
        {
            checks.Add(field, error);
            return null;
        }

        return value;
    }

    private static void Secret(SpecChecks checks, SecretSpec? secret)
    {
        if (secret is null)
        {
            return;
        }

        checks.Text("spec.secret.name", secret.Name, 1, 253, SpecPatterns.Dns1123Subdomain(), "a DNS-1123 subdomain");
        if (secret.Type is not null && !string.Equals(secret.Type, SecretSpec.DefaultType, StringComparison.Ordinal))
        {
            // Other types make Kubernetes act on the Secret: kubernetes.io/service-account-token has it filled with a
            // long-lived token of the ServiceAccount its annotation names.
            checks.Add("spec.secret.type", $"spec.secret.type '{secret.Type}' is not allowed: only Opaque, since Kubernetes itself acts on Secrets of other types");
        }

        SecretMetadata(checks, "spec.secret.labels", secret.Labels, SecretMetadataLimits.MaxLabelValueLength);
        SecretMetadata(checks, "spec.secret.annotations", secret.Annotations, SecretMetadataLimits.MaxAnnotationValueLength);
    }

    // spec.secret.labels and .annotations: maxProperties, the values' lengths (a label's pattern too), and the two CEL rules on
    // their keys: qualified names, and none of the prefixes Kubernetes or this operator reserve (SecretMetadataLimits).
    private static void SecretMetadata(SpecChecks checks, string field, IReadOnlyDictionary<string, string>? map, int maxValueLength)
    {
        if (map is null)
        {
            return;
        }

        checks.Map(field, map, SecretMetadataLimits.MaxEntries, maxValueLength);
        if (map.Count > SecretMetadataLimits.MaxEntries)
        {
            return;
        }

        if (field.EndsWith(".labels", StringComparison.Ordinal))
        {
            foreach (var (key, value) in map)
            {
                if (value.Length <= maxValueLength && !SpecPatterns.LabelValue().IsMatch(value))
                {
                    checks.Add($"{field}.{key}", $"{field}.{key} '{value}' is not a label value (alphanumerics, '-', '_' and '.', starting and ending alphanumeric)");
                }
            }
        }

        var malformed = map.Keys.Where(k => !SecretMetadataLimits.IsQualifiedName(k)).ToList();
        if (malformed.Count > 0)
        {
            checks.Add(field, $"{field} keys must be qualified names (an optional DNS subdomain prefix of at most 253 characters and a slash, " +
                $"then a name of at most 63 characters); not: {string.Join(", ", malformed.Select(k => $"'{k}'"))}");
        }

        var reserved = map.Keys.Where(SecretMetadataLimits.IsReserved).ToList();
        if (reserved.Count > 0)
        {
            checks.Add(field, $"{field} may not use the prefixes kubernetes.io/, k8s.io/ or credentials.delegated.dev/ (or their subdomains, except app.kubernetes.io/): " +
                string.Join(", ", reserved.Select(k => $"'{k}'")));
        }
    }

    private static int Count(params object?[] members) => members.Count(m => m is not null);

    private static string Format(TimeSpan duration) =>
        duration.TotalHours >= 1 && duration.Minutes == 0 ? $"{(int)duration.TotalHours}h" : $"{(int)duration.TotalMinutes}m";
}
