using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using Operator.Hosting;

namespace Operator.Tests.Hosting;

/// <summary>
/// The operator reads kubeconfigs itself (Hosting/KubeconfigReader.cs); what it builds from one must be what
/// KubernetesClient's own loader builds.
/// </summary>
public sealed class KubeconfigReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubeconfig-reader-").FullName;

    public KubeconfigReaderTests()
    {
        // The library reads certificate-authority when it builds the configuration: a real PEM, beside the kubeconfig,
        // named relatively, so both readers must resolve the path against the kubeconfig's directory.
        using var key = ECDsa.Create();
        using var ca = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), ca.ExportCertificatePem());
        // The exec user's plugin: the library runs it while building the configuration; its token names its input.
        File.WriteAllText(Path.Combine(_directory, "exec.sh"), """
            echo "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"$FOO-$1\"}}"
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Full => $$"""
        apiVersion: v1
        kind: Config
        preferences: {}
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority: ca.crt
            tls-server-name: api.dev.internal
            extensions:
            - name: anything
              extension: {a: b}
        - name: insecure
          cluster:
            server: https://127.0.0.1:7443
            insecure-skip-tls-verify: true
        users:
        - name: dev-user
          user:
            client-certificate: client.crt
            client-key: client.key
            as: someone
            as-groups: [a, b]
        - name: token-user
          user:
            token: not-a-real-token
            username: u
            password: p
        - name: exec-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /bin/sh
              args: ["{{Path.Combine(_directory, "exec.sh")}}", "two"]
              env:
              - name: FOO
                value: bar
              provideClusterInfo: true
              installHint: install it
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: team-a
        - name: token
          context: {cluster: insecure, user: token-user}
        - name: exec
          context: {cluster: insecure, user: exec-user, namespace: team-b}
        unknown-top-level: ignored
        """;

    [Theory]
    [InlineData("dev")]
    [InlineData("token")]
    [InlineData("exec")]
    public void Read_BuildsTheSameConfigurationAsTheLibrarysLoader(string context)
    {
        var path = Write("config", Full);

        var ours = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigReader.Read(path), context);
        var library = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);

        Assert.Equal(library.Host, ours.Host);
        Assert.Equal(library.Namespace, ours.Namespace);
        Assert.Equal(library.TlsServerName, ours.TlsServerName);
        Assert.Equal(library.SkipTlsVerify, ours.SkipTlsVerify);
        Assert.Equal(library.AccessToken, ours.AccessToken);
        Assert.Equal(library.TokenProvider is null, ours.TokenProvider is null);
        Assert.Equal(library.Username, ours.Username);
        Assert.Equal(library.Password, ours.Password);
        Assert.Equal(library.ClientCertificateFilePath, ours.ClientCertificateFilePath);
        Assert.Equal(library.ClientKeyFilePath, ours.ClientKeyFilePath);
        Assert.Equal(library.CurrentContext, ours.CurrentContext);
    }

    [Fact]
    public async Task Read_ExecUser_RunsThePluginWithItsArgumentsAndEnvironment()
    {
        var path = Write("config", Full);

        var ours = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigReader.Read(path), "exec");
        var library = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, "exec");

        var header = await ours.TokenProvider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken);
        Assert.Equal("bar-two", header.Parameter);
        Assert.Equal(header.Parameter,
            (await library.TokenProvider.GetAuthenticationHeaderAsync(TestContext.Current.CancellationToken)).Parameter);
    }

    [Fact]
    public void Read_MapsEveryField()
    {
        var config = KubeconfigReader.Read(Write("config", Full));

        Assert.Equal("dev", config.CurrentContext);
        var dev = Assert.Single(config.Clusters, c => c.Name == "dev-cluster").ClusterEndpoint;
        Assert.Equal(("https://127.0.0.1:6443", "ca.crt", "api.dev.internal", false),
            (dev.Server, dev.CertificateAuthority, dev.TlsServerName, dev.SkipTlsVerify));
        Assert.True(Assert.Single(config.Clusters, c => c.Name == "insecure").ClusterEndpoint.SkipTlsVerify);
        var user = Assert.Single(config.Users, u => u.Name == "dev-user").UserCredentials;
        Assert.Equal(("client.crt", "client.key", "someone"), (user.ClientCertificate, user.ClientKey, user.Impersonate));
        Assert.Equal(["a", "b"], user.ImpersonateGroups);
        var exec = Assert.Single(config.Users, u => u.Name == "exec-user").UserCredentials.ExternalExecution;
        Assert.Equal(("client.authentication.k8s.io/v1", "/bin/sh", true, "install it"),
            (exec.ApiVersion, exec.Command, exec.ProvideClusterInfo, exec.InstallHint));
        Assert.Equal([Path.Combine(_directory, "exec.sh"), "two"], exec.Arguments);
        var variable = Assert.Single(exec.EnvironmentVariables);
        Assert.Equal(("FOO", "bar"), (variable["name"], variable["value"]));
        Assert.Equal("team-b", Assert.Single(config.Contexts, c => c.Name == "exec").ContextDetails.Namespace);
        Assert.Equal(Path.Combine(_directory, "config"), config.FileName);
    }

    [Fact]
    public void Read_EmptyFile_IsAnEmptyKubeconfig()
    {
        var config = KubeconfigReader.Read(Write("config", ""));

        Assert.Empty(config.Clusters);
        Assert.Null(config.CurrentContext);
    }

    [Theory]
    [InlineData("clusters: {a: b}", "clusters must be a list")]
    [InlineData("clusters: [a]", "clusters[0] must be a map")]
    [InlineData("clusters:\n- name: a\n  cluster:\n    server: [x]", "clusters[0].cluster.server must be a string")]
    [InlineData("clusters:\n- name: a\n  cluster:\n    insecure-skip-tls-verify: maybe", "clusters[0].cluster.insecure-skip-tls-verify must be true or false")]
    [InlineData("users:\n- name: a\n  user:\n    as-groups: [[x]]", "users[0].user.as-groups[0] must be a string")]
    [InlineData("users:\n- name: a\n  user:\n    exec:\n      env:\n      - name: {x: y}", "users[0].user.exec.env[0].name must be a string")]
    [InlineData("- just\n- a list", "the kubeconfig must be a map")]
    public void Read_FieldOfTheWrongShape_IsAnErrorNamingIt(string yaml, string message)
    {
        var error = Assert.Throws<KubeConfigException>(() => KubeconfigReader.Read(Write("config", yaml)));

        Assert.Equal(message + ".", error.Message);
    }

    [Fact]
    public void CreateConfiguration_BadYaml_NamesTheFile()
    {
        var path = Write("config", "clusters: [");

        var error = Assert.Throws<InvalidOperationException>(() =>
            KubernetesClientFactory.CreateConfiguration(new KubernetesConnectionOptions { Kubeconfig = path }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateConfiguration_UnknownContext_NamesTheFile()
    {
        var path = Write("config", Full);

        var error = Assert.Throws<InvalidOperationException>(() =>
            KubernetesClientFactory.CreateConfiguration(new KubernetesConnectionOptions { Kubeconfig = path, Context = "nope" }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
