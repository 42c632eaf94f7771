using k8s;
using Operator.Api.V1Alpha1;
using Operator.Testing.Harness;

namespace Sandbox;

/// <summary>
/// The default command, for a newcomer without a cluster: an emulated cluster with the CRD, an STS that trusts
/// the cluster's ServiceAccount issuer, the real operator host, the samples this build supports (each with its
/// ServiceAccount annotated for IRSA and a role trusting it), a newcomer's own ServiceAccounts trusted by their annotations
/// (<see cref="AnnotatedServiceAccountTrust"/>, <see cref="NewcomerConsent"/>), and a live table of their credentials.
/// Stops on SIGINT and SIGTERM, terminal or not (<see cref="SignalShutdown"/>).
/// </summary>
internal static class SandboxCommand
{
    private static readonly TimeSpan s_redraw = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (!SandboxOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine($"sandbox: {error}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var signals = SignalShutdown.Register(stop, "sandbox");
        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        try
        {
            return await RunAsync(options, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while starting.
            return 0;
        }
        catch (OperatorNotStarted ex)
        {
            Console.Error.WriteLine($"sandbox: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The <c>--operator</c> process exited or never became ready; the message names its log.</summary>
    private sealed class OperatorNotStarted(string message) : Exception(message);

    private static async Task<int> RunAsync(SandboxOptions options, CancellationTokenSource stop)
    {
        await using var testbed = await OperatorTestbed.StartAsync(stop.Token);
        testbed.Sts.MaxGrantedLifetime = options.LifetimeCap;
        testbed.GoogleSts.TokenLifetime = options.LifetimeCap;
        testbed.IamCredentials.MaxGrantedLifetime = options.LifetimeCap;
        testbed.Entra.TokenLifetime = options.LifetimeCap;
        AnnotatedServiceAccountTrust.Register(testbed);
        // The admin's kubeconfig for kubectl (the operator's own carries its ServiceAccount's token): the one asked for, or a
        // temporary one removed at exit.
        var kubeconfig = options.Kubeconfig ?? Path.Combine(Path.GetTempPath(), $"sandbox-{Environment.ProcessId}.kubeconfig");
        testbed.Kube.WriteKubeconfig(kubeconfig);
        try
        {
            await using var vendors = await VendorEmulators.StartAsync(testbed, options.LifetimeCap);
            var applied = await ApplySamplesAsync(testbed, vendors);
            await using var process = await StartOperatorAsync(testbed, options);
            var exited = process is null ? Task.FromResult(false) : StopWhenExitedAsync(process, stop);
            var consent = new NewcomerConsent(testbed.Client, Console.Out).RunAsync(stop.Token);
            Console.WriteLine($"cluster {testbed.Kube.BaseAddress}  (kubeconfig: {kubeconfig})");
            Console.WriteLine($"STS     {testbed.Clouds.BaseAddress}  (sessions capped at {options.LifetimeCap.TotalSeconds:0}s)");
            Console.WriteLine($"Entra   {testbed.Entra.AuthorityHost}  (access tokens live {options.LifetimeCap.TotalSeconds:0}s)");
            Console.WriteLine($"vendors {vendors.BaseAddress}  (Datadog, SingleStore, aws-login, Vault; tokens live {options.LifetimeCap.TotalSeconds:0}s)");
            Console.WriteLine(OwnObjectsExample.Render(kubeconfig, testbed.Sts.Account));
            Console.WriteLine(process is null
                ? "operator running in this process; Ctrl+C or SIGTERM to stop\n"
                : $"operator {options.Operator} running as process {process.Id} (log: {process.LogPath}); Ctrl+C or SIGTERM to stop\n");
            var exitCode = await WatchAsync(testbed, applied, options, stop.Token);
            await stop.CancelAsync();
            await consent;
            if (await exited)
            {
                Console.Error.WriteLine($"sandbox: the operator exited with code {process!.ExitCode}; see {process.LogPath}");
                return 1;
            }

            return exitCode;
        }
        finally
        {
            if (options.Kubeconfig is null)
            {
                File.Delete(kubeconfig);
            }
        }
    }

    /// <summary>
    /// The operator in this process, or (<c>--operator PATH</c>) that build in a process of its own, with the same
    /// configuration.
    /// </summary>
    private static async Task<OperatorProcess?> StartOperatorAsync(OperatorTestbed testbed, SandboxOptions options)
    {
        if (options.Operator is null)
        {
            await testbed.StartOperatorAsync();
            return null;
        }

        var log = Path.Combine(Path.GetTempPath(), $"sandbox-{Environment.ProcessId}-operator.log");
        var process = OperatorProcess.Start(options.Operator, testbed.OperatorArgs(), new Dictionary<string, string>(), log);
        try
        {
            await process.WaitReadyAsync(TimeSpan.FromMinutes(2));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await process.DisposeAsync();
            throw new OperatorNotStarted(ex.Message);
        }

        return process;
    }

    /// <summary>
    /// Stops the sandbox when the operator process exits by itself; true if it did. An exit after the sandbox was
    /// told to stop (a terminal's Ctrl+C reaches both) is no failure.
    /// </summary>
    private static async Task<bool> StopWhenExitedAsync(OperatorProcess process, CancellationTokenSource stop)
    {
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        await stop.CancelAsync();
        return true;
    }

    private static async Task<int> WatchAsync(OperatorTestbed testbed, int applied, SandboxOptions options, CancellationToken cancellationToken)
    {
        var table = new CredentialTable();
        var interactive = !Console.IsOutputRedirected && !options.Once;
        while (!cancellationToken.IsCancellationRequested)
        {
            List<DelegatedCredential> credentials;
            try
            {
                credentials = await ListAsync(testbed.Client, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var allReady = credentials.Count >= applied && credentials.All(c => c.Status?.Conditions?.Any(x => x is { Type: "Ready", Status: "True" }) == true);
            if (!options.Once || allReady)
            {
                var view = table.Render(credentials, DateTimeOffset.UtcNow);
                Console.Write(interactive ? $"\u001b[s\u001b[J{view}\u001b[u" : view + Environment.NewLine);
            }

            if (options.Once && allReady)
            {
                return 0;
            }

            try
            {
                // The redraw cadence of a live view, not a wait for something to settle.
                await Task.Delay(s_redraw, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (interactive)
        {
            // The last view, if the cluster still answers at once: a stop must not wait on it.
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                Console.Write(table.Render(await ListAsync(testbed.Client, last.Token), DateTimeOffset.UtcNow));
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or k8s.Autorest.HttpOperationException)
            {
            }
        }

        return options.Once ? 1 : 0;
    }

    private static async Task<int> ApplySamplesAsync(OperatorTestbed testbed, VendorEmulators vendors)
    {
        var samples = SampleManifest.ReadAll(RepositoryFiles.Path("samples"));
        var supported = samples.Where(s => s.IsSupported).ToList();
        // EKS Pod Identity samples: a ServiceAccount without the IRSA annotation, and an association of it with a role.
        foreach (var pod in supported.Select(s => s.Credential).Where(c => c.Spec.Provider?.Aws?.IsPodIdentity == true)
                     .Select(c => (Ns: c.Metadata.NamespaceProperty ?? "default", c.Spec.ServiceAccountName)).Distinct())
        {
            await testbed.AddPodIdentityServiceAccountAsync(pod.Ns, pod.ServiceAccountName, pod.ServiceAccountName);
        }

        foreach (var identity in supported.Select(s => s.Credential).Where(c => c.Spec.Provider?.Azure is not null)
            .GroupBy(c => (Ns: c.Metadata.NamespaceProperty ?? "default", c.Spec.ServiceAccountName)))
        {
            // Azure: the ServiceAccount annotated with the sample's client and tenant (made up when it names none), and an
            // Entra app with a federated identity credential for exactly that ServiceAccount.
            var azure = identity.Select(c => c.Spec.Provider!.Azure!).ToList();
            var clientId = azure.Select(a => a.ClientId).FirstOrDefault(c => c is not null)
                ?? new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{identity.Key.Ns}/{identity.Key.ServiceAccountName}"))).ToString();
            var tenant = azure.Select(a => a.TenantId).FirstOrDefault(t => t is not null) ?? OperatorTestbed.AzureTenant;
            await testbed.AddAzureServiceAccountAsync(identity.Key.Ns, identity.Key.ServiceAccountName, clientId, tenant: tenant);
        }

        foreach (var identity in supported.Select(s => s.Credential).Where(c => c.Spec.Provider?.Aws is not null && c.Spec.Provider.Aws.IsPodIdentity != true).GroupBy(c => (Ns: c.Metadata.NamespaceProperty ?? "default", c.Spec.ServiceAccountName)))
        {
            var roleArn = identity.Select(c => c.Spec.Provider!.Aws!.RoleArn).FirstOrDefault(r => r is not null)
                ?? $"arn:aws:iam::{testbed.Sts.Account}:role/{identity.Key.ServiceAccountName}";
            await testbed.AddIrsaServiceAccountAsync(identity.Key.Ns, identity.Key.ServiceAccountName, roleArn[(roleArn.IndexOf(":role/", StringComparison.Ordinal) + 6)..]);
        }

        // GCP samples: the ServiceAccount annotated with the sample's Google service account, and an impersonation binding of
        // its federated principal (the testbed's pool provider trusts the cluster's issuer).
        foreach (var identity in supported.Select(s => s.Credential).Where(c => c.Spec.Provider?.Gcp is not null).GroupBy(c => (Ns: c.Metadata.NamespaceProperty ?? "default", c.Spec.ServiceAccountName)))
        {
            var email = identity.Select(c => c.Spec.Provider!.Gcp!.ServiceAccountEmail).FirstOrDefault(e => !string.IsNullOrEmpty(e));
            await testbed.AddGcpServiceAccountAsync(identity.Key.Ns, identity.Key.ServiceAccountName, email);
        }

        foreach (var plain in supported.Select(s => s.Credential).Where(c => c.Spec.Provider is null))
        {
            var ns = plain.Metadata.NamespaceProperty ?? "default";
            await testbed.EnsureNamespaceAsync(ns);
            await testbed.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                ServiceAccounts.Consenting(plain.Spec.ServiceAccountName, ns), ns);
        }

        foreach (var sample in supported)
        {
            var ns = sample.Credential.Metadata.NamespaceProperty ?? "default";
            await vendors.PrepareAsync(testbed.Client, sample);
            if (ServiceAccountTokenSamples.Shorten(sample))
            {
                Console.WriteLine($"ttl of {sample.Describe} shortened to the TokenRequest minimum, so it refreshes within minutes");
            }

            await testbed.Client.CustomObjects.CreateNamespacedCustomObjectAsync(sample.Body, DelegatedCredential.ApiGroup,
                DelegatedCredential.Version, ns, DelegatedCredential.Plural);
            Console.WriteLine($"applied {sample.Describe}");
        }

        foreach (var sample in samples.Where(s => !s.IsSupported))
        {
            Console.WriteLine($"skipped {sample.Describe}: not supported by this build yet");
        }

        return supported.Count;
    }

    private static async Task<List<DelegatedCredential>> ListAsync(IKubernetes client, CancellationToken cancellationToken = default)
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<DelegatedCredentialList>(
            DelegatedCredential.ApiGroup, DelegatedCredential.Version, DelegatedCredential.Plural, cancellationToken: cancellationToken);
        return [.. list.Items];
    }
}
