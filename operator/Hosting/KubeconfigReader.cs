using System.Globalization;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Operator.Hosting;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's <see cref="K8SConfiguration"/>, which
/// <see cref="k8s.KubernetesClientConfiguration.BuildConfigFromConfigObject"/> then turns into a connection exactly as the
/// library's own loader would.
/// </summary>
/// <remarks>
/// Hand-written instead of <c>KubernetesClientConfiguration.LoadKubeConfig</c> because that goes through
/// <c>KubernetesYaml</c>, whose static constructor orders every model's properties by <c>MemberInfo.MetadataToken</c>:
/// native AOT has no metadata tokens, so the library cannot read a kubeconfig in the operator's native build
/// (docs/architecture.md, "Native build"). This walks YamlDotNet's node tree instead, which needs no reflection, and
/// maps the fields of client-go's clientcmd v1 types that <see cref="K8SConfiguration"/> has. Unknown fields are left
/// alone, as kubectl leaves them; a known field of the wrong shape is an error naming it.
/// </remarks>
internal static class KubeconfigReader
{
    public static K8SConfiguration Read(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }

        // An empty file is an empty kubeconfig, as kubectl treats it.
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        var top = root is null || IsNull(root) ? new YamlMappingNode() : Mapping(root, "the kubeconfig");
        return new K8SConfiguration
        {
            ApiVersion = String(top, "apiVersion", ""),
            Kind = String(top, "kind", ""),
            CurrentContext = String(top, "current-context", ""),
            Clusters = Items(top, "clusters", "", (node, at) => new Cluster
            {
                Name = String(node, "name", at),
                ClusterEndpoint = Object(node, "cluster", at, (endpoint, where) => new ClusterEndpoint
                {
                    Server = String(endpoint, "server", where),
                    CertificateAuthority = String(endpoint, "certificate-authority", where),
                    CertificateAuthorityData = String(endpoint, "certificate-authority-data", where),
                    TlsServerName = String(endpoint, "tls-server-name", where),
                    SkipTlsVerify = Boolean(endpoint, "insecure-skip-tls-verify", where),
                }),
            }),
            Users = Items(top, "users", "", (node, at) => new User
            {
                Name = String(node, "name", at),
                UserCredentials = Object(node, "user", at, ReadUser),
            }),
            Contexts = Items(top, "contexts", "", (node, at) => new Context
            {
                Name = String(node, "name", at),
                ContextDetails = Object(node, "context", at, (details, where) => new ContextDetails
                {
                    Cluster = String(details, "cluster", where),
                    User = String(details, "user", where),
                    Namespace = String(details, "namespace", where),
                }),
            }),
            FileName = Path.GetFullPath(path),
        };
    }

    private static UserCredentials ReadUser(YamlMappingNode node, string at) => new()
    {
        ClientCertificateData = String(node, "client-certificate-data", at),
        ClientCertificate = String(node, "client-certificate", at),
        ClientKeyData = String(node, "client-key-data", at),
        ClientKey = String(node, "client-key", at),
        Token = String(node, "token", at),
        Impersonate = String(node, "as", at),
        ImpersonateGroups = Strings(node, "as-groups", at) ?? [],
        ImpersonateUserExtra = StringMap(node, "as-user-extra", at) ?? [],
        UserName = String(node, "username", at),
        Password = String(node, "password", at),
        AuthProvider = Object(node, "auth-provider", at, (provider, where) => new AuthProvider
        {
            Name = String(provider, "name", where),
            Config = StringMap(provider, "config", where),
        }),
        ExternalExecution = Object(node, "exec", at, (exec, where) => new ExternalExecution
        {
            ApiVersion = String(exec, "apiVersion", where),
            Command = String(exec, "command", where),
            Arguments = Strings(exec, "args", where),
            EnvironmentVariables = Items(exec, "env", where, (variable, here) => StringMap(variable, here)),
            InstallHint = String(exec, "installHint", where),
            ProvideClusterInfo = Boolean(exec, "provideClusterInfo", where),
        }),
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && !IsNull(child) ? child : null;

    private static string? String(YamlMappingNode node, string key, string at) => Child(node, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw WrongShape(Field(at, key), "a string"),
    };

    private static bool Boolean(YamlMappingNode node, string key, string at)
    {
        var value = String(node, key, at);
        return value is null ? false : bool.TryParse(value, out var flag)
            ? flag
            : throw WrongShape(Field(at, key), "true or false");
    }

    private static List<string>? Strings(YamlMappingNode node, string key, string at) => Child(node, key) switch
    {
        null => null,
        YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) => item is YamlScalarNode { Value: { } value }
            ? value
            : throw WrongShape(Index(Field(at, key), i), "a string"))],
        _ => throw WrongShape(Field(at, key), "a list of strings"),
    };

    private static Dictionary<string, string>? StringMap(YamlMappingNode node, string key, string at) => Child(node, key) switch
    {
        null => null,
        var child => StringMap(child, Field(at, key)),
    };

    private static Dictionary<string, string> StringMap(YamlNode node, string at)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, at).Children)
        {
            var name = key is YamlScalarNode { Value: { } k } ? k : throw WrongShape(at, "a map with string keys");
            map[name] = value is YamlScalarNode { Value: { } v } ? v : throw WrongShape(Field(at, name), "a string");
        }

        return map;
    }

    private static T? Object<T>(YamlMappingNode node, string key, string at, Func<YamlMappingNode, string, T> read)
        where T : class => Child(node, key) switch
        {
            null => null,
            var child => read(Mapping(child, Field(at, key)), Field(at, key)),
        };

    private static List<T> Items<T>(YamlMappingNode node, string key, string at, Func<YamlMappingNode, string, T> read) =>
        Child(node, key) switch
        {
            null => [],
            YamlSequenceNode sequence => [.. sequence.Children.Select((item, i) =>
                read(Mapping(item, Index(Field(at, key), i)), Index(Field(at, key), i)))],
            _ => throw WrongShape(Field(at, key), "a list"),
        };

    private static YamlMappingNode Mapping(YamlNode node, string at) =>
        node as YamlMappingNode ?? throw WrongShape(at, "a map");

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };

    private static string Field(string at, string key) => at.Length == 0 ? key : $"{at}.{key}";

    private static string Index(string at, int i) => string.Create(CultureInfo.InvariantCulture, $"{at}[{i}]");

    private static KubeConfigException WrongShape(string field, string expected) =>
        new($"{field} must be {expected}.");
}
