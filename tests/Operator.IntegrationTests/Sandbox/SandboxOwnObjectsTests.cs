using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Operator.IntegrationTests.Sandbox;

/// <summary>
/// A newcomer's own objects in the sandbox, without editing anything: the example it prints, pasted into a shell (the
/// real kubectl when the machine has one), ends with the credential Ready; and ServiceAccounts annotated only for their
/// cloud (no consent annotation), as the issue's newcomer wrote them, get Ready DelegatedCredentials for AWS, GCP and Azure.
/// </summary>
public sealed class SandboxOwnObjectsTests : IDisposable
{
    private static readonly TimeSpan s_ready = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("sandbox-own-").FullName;

    [Fact]
    public async Task PrintedExample_AndNewcomersOwnObjects_BecomeReady()
    {
        var kubeconfig = Path.Combine(_directory, "kubeconfig");
        using var sandbox = SandboxProgram.Start(_directory, "--kubeconfig", kubeconfig, "--lifetime-cap", "60s");
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(3));
            var printed = await SandboxProgram.ReadUntilAsync(sandbox.StandardOutput, "operator running in this process", deadline.Token);
            var rest = new System.Text.StringBuilder();
            var draining = DrainAsync(sandbox.StandardOutput, rest);

            var example = Example(printed);
            Assert.Contains($"export KUBECONFIG='{kubeconfig}'", example, StringComparison.Ordinal);
            Assert.Contains("kubectl -n demo wait --for=condition=Ready delegatedcredential/app", example, StringComparison.Ordinal);
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            if (KubectlOnPath())
            {
                var (exitCode, output) = await RunShellAsync(example, deadline.Token);
                Assert.True(exitCode == 0, output);
                Assert.Contains("delegatedcredential.credentials.delegated.dev/app condition met", output, StringComparison.Ordinal);
            }
            else
            {
                // No kubectl: the same objects through the client.
                await CreateAsync(client, "demo", "app", new Dictionary<string, string>
                {
                    ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::123456789012:role/app",
                    [ServiceAccounts.AllowedCredentialsAnnotation] = "app",
                }, new ProviderSpec { Aws = new AwsProviderSpec() }, new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() });
            }

            // The issue's newcomer: cloud annotations only, the role named "app" like a sample's, no consent annotation.
            await CreateAsync(client, "newcomer", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::123456789012:role/app" },
                new ProviderSpec { Aws = new AwsProviderSpec() }, new TargetSpec { AwsCredentials = new AwsCredentialsTargetSpec() });
            await CreateAsync(client, "newcomer", "exporter", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = "exporter@newcomer.iam.gserviceaccount.com" },
                new ProviderSpec { Gcp = new GcpProviderSpec { WorkloadIdentityProvider = OperatorTestbed.GcpWorkloadIdentityProvider } },
                new TargetSpec { GcpAccessToken = new GcpAccessTokenTargetSpec { Scopes = ["https://www.googleapis.com/auth/cloud-platform"] } });
            var azure = new Dictionary<string, string>
            {
                ["azure.workload.identity/client-id"] = "3c9a8f61-5d1e-4b7a-9c2f-0e6d4a1b8c7e",
                ["azure.workload.identity/tenant-id"] = OperatorTestbed.AzureTenant,
            };
            await CreateAsync(client, "newcomer", "reporter", azure, new ProviderSpec { Azure = new AzureProviderSpec() },
                new TargetSpec { AzureAccessToken = new AzureAccessTokenTargetSpec { Scope = "https://storage.azure.com/.default" } });

            foreach (var name in (string[])["app", "exporter", "reporter"])
            {
                await Eventually.TrueAsync(async () => CredentialClient.Ready(await ReadAsync(client, "newcomer", name)) is { Status: "True" },
                    () => $"newcomer/{name} Ready; it is {CredentialClient.Ready(ReadAsync(client, "newcomer", name).GetAwaiter().GetResult())?.Message}",
                    s_ready, deadline.Token);
            }

            await Eventually.TrueAsync(() => Text(rest).Contains("sandbox: ServiceAccount newcomer/reporter had no credentials.delegated.dev/allowed-credentials",
                StringComparison.Ordinal), "the consent added with a line saying so", cancellationToken: deadline.Token);
            Process.Start("kill", ["-TERM", sandbox.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            await sandbox.WaitForExitAsync(deadline.Token);
            await draining;
        }
        finally
        {
            if (!sandbox.HasExited)
            {
                sandbox.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool KubectlOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "kubectl")));

    private static string Text(System.Text.StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    /// <summary>The lines between the printed markers.</summary>
    private static string Example(string printed)
    {
        var lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var begin = lines.FindIndex(l => l.Contains("--- your own objects", StringComparison.Ordinal));
        var end = lines.FindIndex(begin + 1, l => l.StartsWith("--- end ---", StringComparison.Ordinal));
        Assert.True(begin >= 0 && end > begin, $"no example in:\n{printed}");
        return string.Join('\n', lines[(begin + 1)..end]);
    }

    private async Task<(int ExitCode, string Output)> RunShellAsync(string script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", ["-e", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        // kubectl's discovery cache stays with this test.
        start.Environment["HOME"] = _directory;
        using var shell = Process.Start(start)!;
        try
        {
            var output = shell.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = shell.StandardError.ReadToEndAsync(cancellationToken);
            await shell.WaitForExitAsync(cancellationToken);
            return (shell.ExitCode, await output + await error);
        }
        finally
        {
            if (!shell.HasExited)
            {
                shell.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task CreateAsync(IKubernetes client, string ns, string name, Dictionary<string, string> annotations, ProviderSpec provider, TargetSpec target)
    {
        await client.EnsureNamespaceAsync(ns);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(ServiceAccounts.ServiceAccount(name, ns, annotations), ns);
        var credential = new DelegatedCredential
        {
            ApiVersion = $"{DelegatedCredential.ApiGroup}/{DelegatedCredential.Version}",
            Kind = "DelegatedCredential",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new DelegatedCredentialSpec { ServiceAccountName = name, Provider = provider, Target = target },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(credential, DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns, DelegatedCredential.Plural);
    }

    private static Task<DelegatedCredential> ReadAsync(IKubernetes client, string ns, string name) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<DelegatedCredential>(DelegatedCredential.ApiGroup, DelegatedCredential.Version, ns,
            DelegatedCredential.Plural, name);

    private static async Task DrainAsync(StreamReader output, System.Text.StringBuilder into)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
