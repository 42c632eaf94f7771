using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Operator.Api.V1Alpha1;
using Operator.Credentials.Secrets;

namespace Operator.Hosting;

/// <summary>
/// What must hold before the operator starts, checked once with a deadline (<see cref="KubernetesConnectionOptions.StartupTimeout"/>):
/// a readable kubeconfig, an API server that answers and accepts the credentials, the DelegatedCredential CRD served, and
/// list and watch allowed on every kind the informers cache. Each failure is a <see cref="StartupFailure"/> with one line
/// naming the problem and the fix; without these checks they surface later as an informer retrying forever, or as an
/// unhandled exception with a stack trace.
/// </summary>
internal static class StartupCheck
{
    private const int MaxServerMessage = 300;

    public static async Task RunAsync(IServiceProvider services, OperatorOptions options, CancellationToken cancellationToken = default)
    {
        var client = Client(services);
        var server = client.BaseUri?.ToString().TrimEnd('/') ?? "(unknown)";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Kubernetes.StartupTimeout);
        // All namespaces, or each watched one (Runtime/ResourceClients.PerNamespace: one list-and-watch per namespace).
        IReadOnlyList<string?> scopes = options.Namespaces.Count == 0 ? [null] : [.. options.Namespaces];
        try
        {
            using (await client.CoreV1.GetAPIResourcesWithHttpMessagesAsync(cancellationToken: deadline.Token).ConfigureAwait(false))
            {
            }

            foreach (var ns in scopes)
            {
                var where = ns is null ? "in all namespaces" : $"in namespace {ns}";
                // The same LIST calls as the informers (Runtime/ResourceClients), with limit=1; WATCH is asked of the API server
                // (SelfSubjectAccessReview, which every authenticated user may make), since opening a watch only to close it
                // again is a request that hangs or breaks by design.
                await Check($"list delegatedcredentials.{DelegatedCredential.ApiGroup} {where}", () => ns is null
                    ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<DelegatedCredentialList>(DelegatedCredential.ApiGroup,
                        DelegatedCredential.Version, DelegatedCredential.Plural, limit: 1, cancellationToken: deadline.Token)
                    : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<DelegatedCredentialList>(DelegatedCredential.ApiGroup,
                        DelegatedCredential.Version, ns, DelegatedCredential.Plural, limit: 1, cancellationToken: deadline.Token)).ConfigureAwait(false);
                await Check($"list secrets {where}", () => ns is null
                    ? client.CoreV1.ListSecretForAllNamespacesWithHttpMessagesAsync(labelSelector: ManagedSecret.Selector, limit: 1, cancellationToken: deadline.Token)
                    : client.CoreV1.ListNamespacedSecretWithHttpMessagesAsync(ns, labelSelector: ManagedSecret.Selector, limit: 1,
                        cancellationToken: deadline.Token)).ConfigureAwait(false);
                await Check($"list serviceaccounts {where}", () => ns is null
                    ? client.CoreV1.ListServiceAccountForAllNamespacesWithHttpMessagesAsync(limit: 1, cancellationToken: deadline.Token)
                    : client.CoreV1.ListNamespacedServiceAccountWithHttpMessagesAsync(ns, limit: 1, cancellationToken: deadline.Token)).ConfigureAwait(false);
                foreach (var (group, resource) in ((string, string)[])[(DelegatedCredential.ApiGroup, DelegatedCredential.Plural), ("", "secrets"), ("", "serviceaccounts")])
                {
                    V1SelfSubjectAccessReview review;
                    try
                    {
                        review = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
                        {
                            Spec = new V1SelfSubjectAccessReviewSpec
                            {
                                ResourceAttributes = new V1ResourceAttributes { Verb = "watch", Group = group, Resource = resource, NamespaceProperty = ns },
                            },
                        }, cancellationToken: deadline.Token).ConfigureAwait(false);
                    }
                    catch (HttpOperationException)
                    {
                        // A server that does not answer reviews: LIST passed, and a refused WATCH shows in the informer's log.
                        continue;
                    }

                    if (review.Status?.Allowed != true)
                    {
                        var name = group.Length == 0 ? resource : $"{resource}.{group}";
                        throw new StartupFailure($"RBAC: the operator may not watch {name} {where} (SelfSubjectAccessReview: " +
                            $"{Cut(review.Status?.Reason is { Length: > 0 } reason ? reason : "not allowed")}); " +
                            "apply its roles with `kubectl apply -k config/default` (or config/namespaced).");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StartupFailure($"the Kubernetes API server at {server} did not answer within {options.Kubernetes.StartupTimeout.TotalSeconds:0}s " +
                "(Operator:Kubernetes:StartupTimeout); check the kubeconfig's server address and the network to it.");
        }
        catch (HttpRequestException ex)
        {
            throw new StartupFailure($"cannot reach the Kubernetes API server at {server}: {Causes(ex)}");
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new StartupFailure($"the Kubernetes API server at {server} refused the credentials (401 Unauthorized); " +
                "check the kubeconfig's user (an expired token or certificate?).");
        }
        catch (HttpOperationException ex)
        {
            throw new StartupFailure($"the Kubernetes API server at {server} answered {Status(ex)}: {ServerMessage(ex)}");
        }

        static async Task Check<TResponse>(string action, Func<Task<TResponse>> call)
            where TResponse : IDisposable
        {
            try
            {
                using var response = await call().ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound && action.Contains(DelegatedCredential.ApiGroup, StringComparison.Ordinal))
            {
                throw new StartupFailure($"the DelegatedCredential CRD ({DelegatedCredential.Plural}.{DelegatedCredential.ApiGroup}/{DelegatedCredential.Version}) " +
                    "is not installed; install it with `kubectl apply -k crds` (or config/default).");
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Forbidden)
            {
                throw new StartupFailure($"RBAC: the operator may not {action} (403 Forbidden: {ServerMessage(ex)}); " +
                    "apply its roles with `kubectl apply -k config/default` (or config/namespaced).");
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw new StartupFailure($"the Kubernetes API server answered {Status(ex)} to {action}: {ServerMessage(ex)}");
            }
        }
    }

    /// <summary>The client, whose construction reads the kubeconfig: a missing or unreadable one is a <see cref="StartupFailure"/>.</summary>
    private static IKubernetes Client(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IKubernetes>();
        }
        catch (StartupFailure)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidOperationException or k8s.Exceptions.KubeConfigException or IOException
            or UnauthorizedAccessException or YamlDotNet.Core.YamlException or UriFormatException)
        {
            throw new StartupFailure(ex.Message, ex);
        }
    }

    private static string Status(HttpOperationException ex) =>
        ex.Response is { } response ? $"{(int)response.StatusCode} {response.StatusCode}" : "an error";

    /// <summary>The Status message of the API server's answer, cut short: it names the user, verb and resource refused.</summary>
    private static string ServerMessage(HttpOperationException ex)
    {
        var message = ex.Response?.ReasonPhrase ?? ex.Message;
        try
        {
            if (ex.Response?.Content is { Length: > 0 } body && JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
            {
                message = text.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not a Status object (a proxy's page): the reason phrase stands.
        }

        return Cut(message);
    }

    private static string Cut(string message)
    {
        message = message.ReplaceLineEndings(" ");
        return message.Length > MaxServerMessage ? message[..MaxServerMessage] + "…" : message;
    }

    /// <summary>"Connection refused (host:port)", or a TLS failure with its cause, in one line.</summary>
    private static string Causes(Exception ex)
    {
        var messages = new List<string>();
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            var message = e.Message.Replace(", see inner exception", "", StringComparison.Ordinal).ReplaceLineEndings(" ").TrimEnd('.');
            if (!messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }
}
