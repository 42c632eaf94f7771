using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Identity;
using Operator.Credentials.Targets;
using Operator.Hosting;
using Operator.Tests.Api;
using Operator.Tests.Runtime;

namespace Operator.Tests.Credentials.Identity;

/// <summary>The one provider × target matrix agrees with the CRD, with the registrations, and refuses with the field named.</summary>
public sealed class ProviderTargetMatrixTests
{
    /// <summary>A valid block of each provider (null: no <c>spec.provider</c>), as the samples write them.</summary>
    private static readonly Dictionary<string, JsonObject?> s_providers = new()
    {
        ["aws"] = new JsonObject { ["aws"] = new JsonObject() },
        ["gcp"] = new JsonObject { ["gcp"] = ProviderBlock("samples/gcp-access-token.yaml", "gcp") },
        ["azure"] = new JsonObject { ["azure"] = ProviderBlock("samples/azure-access-token.yaml", "azure") },
        [ProviderTargetMatrix.NoProvider] = null,
    };

    public static TheoryData<string, int> Pairs()
    {
        var pairs = new TheoryData<string, int>();
        foreach (var provider in ProviderTargetMatrix.Providers)
        {
            for (var target = 0; target < ProviderTargetMatrix.Targets.Count; target++)
            {
                pairs.Add(provider.Name, target);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EveryPair_IsAdmittedByTheCrdsCelRules_ExactlyWhenTheMatrixAllowsIt(string providerName, int targetIndex)
    {
        var provider = ProviderTargetMatrix.Providers.Single(p => p.Name == providerName);
        var target = ProviderTargetMatrix.Targets[targetIndex];
        var spec = new JsonObject { ["serviceAccountName"] = "app", ["target"] = TargetBlock(target) };
        if (s_providers[providerName] is { } block)
        {
            spec["provider"] = block.DeepClone();
        }

        var (outcome, _) = CrdDocument.Admit(new JsonObject
        {
            ["apiVersion"] = "credentials.delegated.dev/v1alpha1",
            ["kind"] = "DelegatedCredential",
            ["metadata"] = new JsonObject { ["name"] = "pair", ["namespace"] = "default" },
            ["spec"] = spec,
        });

        var admitted = outcome.Causes.Count == 0;
        Assert.True(admitted == ProviderTargetMatrix.Allows(provider, target),
            $"{provider.Name} × {target.Display}: matrix says {ProviderTargetMatrix.Allows(provider, target)}, the CRD " +
            $"{(admitted ? "admits it" : "refuses it: " + string.Join("; ", outcome.Causes.Select(c => $"{c.Field}: {c.Message}")))}");
    }

    [Fact]
    public void EveryTargetOfTheCrd_HasARowForEachOfItsVariants()
    {
        var crdTargets = ((JsonObject)CrdDocument.OpenApiV3Schema["properties"]!["spec"]!["properties"]!["target"]!["properties"]!)
            .Select(p => p.Key).Order();

        Assert.Equal(crdTargets, ProviderTargetMatrix.Targets.Select(t => t.Name).Distinct().Order());
        Assert.Equal(Enum.GetValues<HttpProofKind>().Where(k => k != HttpProofKind.Unrecognized).Cast<HttpProofKind?>(),
            ProviderTargetMatrix.Targets.Where(t => t.Name == "http").Select(t => t.Proof));
    }

    [Fact]
    public async Task BuiltRows_AreExactlyTheRegisteredProvidersAndTargets()
    {
        await using var app = OperatorHost.Build(OperatorHost.CreateBuilder(["--Operator:Http:Port=0", "--Operator:Http:HealthPort=0"]),
            builder => builder.Services.AddSingleton<IKubernetes>(new StubApiServer().CreateClient()));

        var providers = app.Services.GetServices<IIdentityProvider>().Select(p => p.Name).Order();
        var targets = app.Services.GetServices<ICredentialTarget>().Select(t => t.Name).Order();

        Assert.Equal(ProviderTargetMatrix.Providers.Where(p => p.Built).Select(p => p.Name).Order(), providers);
        Assert.Equal(ProviderTargetMatrix.Targets.Where(t => t.Built).Select(t => t.Name).Distinct().Order(), targets);
    }

    [Fact]
    public void Check_TargetThatNeedsAnotherCloud_IsInvalidSpecNamingWhatFits()
    {
        var failure = ProviderTargetMatrix.Check(Spec(new TargetSpec { Datadog = new DatadogTargetSpec { OrgUuid = "x" } }));

        Assert.Equal(CredentialReasons.InvalidSpec, failure?.Reason);
        Assert.Equal("spec.target.datadog cannot be served by a spec without spec.provider; it needs spec.provider.aws.", failure!.Message);
    }

    [Fact]
    public void Check_ProviderWithATargetOnlyTheServiceAccountServes_IsInvalidSpec()
    {
        var failure = ProviderTargetMatrix.Check(Spec(
            new TargetSpec { ServiceAccountToken = new ServiceAccountTokenTargetSpec { Audience = "a" } },
            new ProviderSpec { Aws = new AwsProviderSpec() }));

        Assert.Equal("spec.target.serviceAccountToken cannot be served by spec.provider.aws; it needs no spec.provider.", failure?.Message);
    }

    [Fact]
    public void Check_HttpProofDecidesTheProvider()
    {
        var http = new TargetSpec { Http = new HttpTargetSpec { Proof = new HttpProof { Kind = HttpProofKind.AwsSignedCallerIdentity } } };

        Assert.Null(ProviderTargetMatrix.Check(Spec(http, new ProviderSpec { Aws = new AwsProviderSpec() })));
        Assert.Equal("spec.target.http (proof awsSignedCallerIdentity) cannot be served by a spec without spec.provider; it needs spec.provider.aws.",
            ProviderTargetMatrix.Check(Spec(http))?.Message);
    }

    /// <summary>Every provider and target the CRD names is served by this build: no valid pair is refused as "not supported yet".</summary>
    [Fact]
    public void EveryDeclaredProviderAndTarget_IsBuilt()
    {
        Assert.All(ProviderTargetMatrix.Providers, p => Assert.True(p.Built, $"provider {p.Name}"));
        Assert.All(ProviderTargetMatrix.Targets, t => Assert.True(t.Built, $"target {t.Display}"));
        Assert.Null(ProviderTargetMatrix.Check(Spec(
            new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec() },
            new ProviderSpec { Azure = new AzureProviderSpec() })));
    }

    [Fact]
    public void Check_NoTarget_NamesTheField()
    {
        Assert.StartsWith("spec.target must name one target (awsCredentials, datadog, ",
            ProviderTargetMatrix.Check(Spec(new TargetSpec()))?.Message, StringComparison.Ordinal);
    }

    private static DelegatedCredentialSpec Spec(TargetSpec target, ProviderSpec? provider = null) =>
        new() { ServiceAccountName = "app", Target = target, Provider = provider };

    private static JsonObject ProviderBlock(string sample, string name) =>
        (JsonObject)CrdDocument.Sample(sample)["spec"]!["provider"]![name]!.DeepClone();

    private static JsonObject TargetBlock(TargetDeclaration target) => target.Name switch
    {
        "datadog" => new JsonObject { ["datadog"] = new JsonObject { ["orgUuid"] = "11111111-2222-3333-4444-555555555555" } },
        "singlestore" => new JsonObject { ["singlestore"] = new JsonObject { ["kind"] = "api" } },
        "http" => new JsonObject { ["http"] = Http(target.Proof!.Value) },
        "gcpIdToken" => new JsonObject { ["gcpIdToken"] = new JsonObject { ["audience"] = "https://run.example.com" } },
        "azureAccessToken" => new JsonObject { ["azureAccessToken"] = new JsonObject { ["scope"] = "https://management.azure.com/.default" } },
        "serviceAccountToken" => new JsonObject { ["serviceAccountToken"] = new JsonObject { ["audience"] = "https://ci.example.com" } },
        _ => new JsonObject { [target.Name] = new JsonObject() },
    };

    private static JsonObject Http(HttpProofKind proof)
    {
        var kind = ProviderTargetMatrix.Targets.Single(t => t.Proof == proof).Display.Split("proof ")[1].TrimEnd(')');
        var proofBlock = new JsonObject { ["kind"] = kind };
        if (proof == HttpProofKind.ServiceAccountToken)
        {
            proofBlock["audience"] = "https://login.example.com";
        }

        return new JsonObject
        {
            ["url"] = "https://login.example.com/aws-login",
            ["proof"] = proofBlock,
            ["response"] = new JsonObject { ["tokenPath"] = "api_key", ["expiresAtPath"] = "expires_at" },
        };
    }
}
