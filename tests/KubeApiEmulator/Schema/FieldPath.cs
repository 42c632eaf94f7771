namespace Operator.Testing.KubeApi.Schema;

/// <summary>apimachinery's field.Path rendering: `spec.items[0].labels[key]`; empty is the root.</summary>
internal static class FieldPath
{
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Key(string path, string key) => $"{path}[{key}]";
}
