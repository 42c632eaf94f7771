using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using NLua;
using Operator.Api.V1Alpha1;
using Operator.Credentials;
using Operator.Credentials.Reconciliation;
using Operator.Credentials.Secrets;
using Operator.Testing.KubeApi.Http;

namespace Operator.Tests.Docs;

/// <summary>
/// The Argo CD health check in docs/gitops.md, run by a Lua interpreter (NLua, Lua 5.4; Argo CD embeds gopher-lua, Lua
/// 5.1, and the snippet uses only what both have) against DelegatedCredentials carrying the statuses the operator
/// writes (<see cref="CredentialStatus"/>), serialized as the API server serves them.
/// </summary>
public sealed class ArgoCdHealthCheckTests
{
    private const string HealthKey = "resource.customizations.health.credentials.delegated.dev_DelegatedCredential";
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly ManagedSecretState s_lastGood = new("h", s_now.AddMinutes(-40), s_now.AddMinutes(20), s_now, "arn:aws:sts::123456789012:assumed-role/app/s", true);

    [Fact]
    public void NoStatusYet_IsProgressing() =>
        Assert.Equal("Progressing", Health(Objects.Credential(generation: 1)).Status);

    [Fact]
    public void Issued_IsHealthy_WithTheReasonAndMessage()
    {
        var credential = Objects.Credential(generation: 2);
        var status = CredentialStatus.Issued(credential, "app-aws", Objects.Issued(s_now.AddHours(1)), s_now, s_now.AddMinutes(40), CredentialReasons.Issued, s_now);

        var (health, message) = Health(credential with { Status = status });

        Assert.Equal("Healthy", health);
        Assert.StartsWith("Issued: Secret app-aws holds a credential for ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefreshFailed_WithAValidSecret_IsHealthy_AndSaysSo()
    {
        var credential = Objects.Credential(generation: 1);
        var status = CredentialStatus.Failed(credential, "app-aws", new ExchangeFailure(CredentialReasons.ExchangeFailed, "STS timed out."), s_lastGood, s_now.AddSeconds(30), s_now);

        var (health, message) = Health(credential with { Status = status });

        Assert.Equal("Healthy", health);
        Assert.StartsWith("RefreshFailed: Refresh failed (ExchangeFailed)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CredentialReasons.IdentityDenied)]
    [InlineData(CredentialReasons.InvalidSpec)]
    [InlineData(CredentialReasons.NotPermitted)]
    public void ReadyFalse_IsDegraded(string reason)
    {
        var credential = Objects.Credential(generation: 1);
        var status = CredentialStatus.Failed(credential, "app-aws", new ExchangeFailure(reason, "refused."), null, s_now.AddSeconds(30), s_now);

        var (health, message) = Health(credential with { Status = status });

        Assert.Equal(("Degraded", $"{reason}: refused."), (health, message));
    }

    [Fact]
    public void Expired_IsDegraded()
    {
        var credential = Objects.Credential(generation: 1);
        var expired = s_lastGood with { ExpiresAt = s_now.AddSeconds(-1) };
        var status = CredentialStatus.Failed(credential, "app-aws", new ExchangeFailure(CredentialReasons.ExchangeFailed, "STS timed out."), expired, s_now.AddSeconds(30), s_now);

        Assert.Equal("Degraded", Health(credential with { Status = status }).Status);
    }

    [Fact]
    public void SpecEditedSinceTheLastReport_IsProgressing()
    {
        var credential = Objects.Credential(generation: 1);
        var status = CredentialStatus.Issued(credential, "app-aws", Objects.Issued(s_now.AddHours(1)), s_now, s_now.AddMinutes(40), CredentialReasons.Issued, s_now);
        var edited = credential with { Status = status };
        edited.Metadata.Generation = 2;

        Assert.Equal("Progressing", Health(edited).Status);
    }

    [Fact]
    public void Suspended_IsSuspended()
    {
        var credential = Objects.Credential(generation: 1);
        var status = CredentialStatus.Issued(credential, "app-aws", Objects.Issued(s_now.AddHours(1)), s_now, s_now.AddMinutes(40), CredentialReasons.Issued, s_now);

        Assert.Equal("Suspended", Health(credential with { Spec = credential.Spec with { Suspend = true }, Status = status }).Status);
    }

    /// <summary>Runs the documented snippet as Argo CD does: <c>obj</c> is the object as a Lua table, the script returns <c>hs</c>.</summary>
    private static (string Status, string Message) Health(DelegatedCredential credential)
    {
        using var lua = new Lua();
        lua.DoString("obj = " + LuaTable(JsonNode.Parse(KubernetesJson.Serialize(credential))));
        var result = (LuaTable)lua.DoString("return (function()\n" + Snippet() + "\nend)()")[0];
        return ((string)result["status"], (string)result["message"]);
    }

    /// <summary>The health check's Lua, read from docs/gitops.md's argocd-cm ConfigMap (the YAML block after its marker).</summary>
    private static string Snippet()
    {
        var doc = RepositoryFiles.Read("docs/gitops.md");
        var marker = doc.IndexOf("<!-- argocd-health-lua", StringComparison.Ordinal);
        Assert.True(marker >= 0, "docs/gitops.md lost its argocd-health-lua marker");
        var start = doc.IndexOf("```yaml\n", marker, StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = doc[start..doc.IndexOf("\n```", start, StringComparison.Ordinal)];
        return YamlToJson.Documents(yaml)[0]!["data"]![HealthKey]!.GetValue<string>();
    }

    /// <summary>
    /// JSON as a Lua table constructor, which is how Argo CD hands the object to the script. Hand-written: NLua passes .NET
    /// objects as userdata, not as tables, and the conversion is a few lines.
    /// </summary>
    private static string LuaTable(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(",", o.Select(p => $"[{Quote(p.Key)}]={LuaTable(p.Value)}")) + "}",
        JsonArray a => "{" + string.Join(",", a.Select(LuaTable)) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v => v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unexpected JSON node {node.GetType().Name}", nameof(node)),
    };

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c is '"' or '\\' ? "\\" + c : c < ' ' ? $"\\{(int)c:000}" : c.ToString());
        }

        return builder.Append('"').ToString();
    }
}
