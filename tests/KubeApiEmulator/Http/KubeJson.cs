using System.Text.Encodings.Web;
using System.Text.Json;

namespace Operator.Testing.KubeApi.Http;

/// <summary>
/// Serialization as Go's encoding/json writes it closely enough for textual comparison: quotes as `\"`, non-ASCII
/// kept (the default .NET encoder would write `\u0022` and escape every non-ASCII character).
/// </summary>
internal static class KubeJson
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
