using System.Text;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>Secrets (M2): `type` defaults to Opaque, `stringData` is merged into base64 `data` and never stored.</summary>
internal sealed class SecretStrategy : IResourceStrategy
{
    public static SecretStrategy Instance { get; } = new();

    public bool AllowUnconditionalUpdate => true;

    public void PrepareForCreate(JsonObject obj) => Normalize(obj);

    public void PrepareForUpdate(JsonObject obj, JsonObject old) => Normalize(obj);

    public IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        if (obj["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || !IsBase64(text))
                {
                    causes.Add(new("FieldValueInvalid", "Invalid value: \"<secret contents redacted>\": illegal base64 data", $"data[{key}]"));
                }
            }
        }
        var oldType = old?["type"]?.GetValue<string>();
        if (oldType is not null && oldType != obj["type"]?.GetValue<string>())
        {
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{obj["type"]}\": field is immutable", "type"));
        }
        return causes;
    }

    private static void Normalize(JsonObject obj)
    {
        if (obj["type"] is null || obj["type"]!.GetValue<string>().Length == 0)
        {
            obj["type"] = "Opaque";
        }
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }
            obj["data"] = data;
            obj.Remove("stringData");
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
