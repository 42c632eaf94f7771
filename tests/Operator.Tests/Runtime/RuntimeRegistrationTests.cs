using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Operator.Runtime;
using Operator.Runtime.Hosting;

namespace Operator.Tests.Runtime;

public sealed class RuntimeRegistrationTests
{
    private static readonly LeaderElectionOptions s_election = new() { LeaseName = "given" };

    [Fact]
    public async Task AddController_RegistersTheControllerWithItsInformers_AScopedReconcilerPerReconcile_AndOneEventRecorder()
    {
        var secrets = new ScriptedResourceClient();
        var server = new StubApiServer();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .Build())
            .AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>()
            .AddSingleton<IKubernetes>(server.CreateClient())
            .AddControllerRuntime("test-operator", s_election)
            .AddInformer(_ => secrets)
            .AddController<V1Secret, RecordingReconciler>("secrets");
        await using var provider = services.BuildServiceProvider();

        var host = provider.GetRequiredService<ControllerHost>();
        IReconciler<V1Secret> first, second;
        await using (var scope = provider.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<IReconciler<V1Secret>>();
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            second = scope.ServiceProvider.GetRequiredService<IReconciler<V1Secret>>();
        }

        var controller = Assert.Single(host.Controllers);
        Assert.Equal("secrets", controller.Name);
        Assert.Same(provider.GetRequiredService<Informer<V1Secret>>(), Assert.Single(host.Informers));
        Assert.NotSame(first, second);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is LeaderElection);
        Assert.Same(s_election, provider.GetRequiredService<IOptions<LeaderElectionOptions>>().Value);

        // One recorder, talking to the registered client and signing Events with the component name given above.
        var recorder = provider.GetRequiredService<EventRecorder>();
        Assert.Same(recorder, provider.GetRequiredService<EventRecorder>());
        var about = new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "ns", Uid = "u" } };
        await recorder.RecordAsync(about, EventRecorder.Normal, "Tested", "recorded", TestContext.Current.CancellationToken);
        var request = Assert.Single(server.Requests);
        Assert.Equal((HttpMethod.Post, "/api/v1/namespaces/ns/events"), (request.Method, request.Path));
        var sent = KubernetesJson.Deserialize<Corev1Event>(request.Body);
        Assert.Equal(("test-operator", "Tested", "s"), (sent.Source.Component, sent.Reason, sent.InvolvedObject.Name));
    }
}
