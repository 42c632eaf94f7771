using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Operator.Testing.KubeApi.Protobuf;

/// <summary>
/// The field layout of one Kubernetes protobuf message, decoded straight off the wire into the JSON the
/// store holds. Unknown fields are skipped, as a Go decoder of an older schema would.
/// </summary>
/// <remarks>
/// Hand-described instead of generated classes: the emulator needs four kinds, and the field numbers
/// (from k8s.io/api and apimachinery generated.proto) are stable API.
/// </remarks>
internal sealed class ProtoMessage(params ProtoField[] fields)
{
    private readonly Dictionary<int, ProtoField> _fields = fields.ToDictionary(f => f.Number);

    public JsonObject Decode(ByteString bytes)
    {
        var json = new JsonObject();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!_fields.TryGetValue(WireFormat.GetTagFieldNumber(tag), out var field))
            {
                input.SkipLastField();
                continue;
            }

            Read(input, field, json);
        }

        return json;
    }

    private static void Read(CodedInputStream input, ProtoField field, JsonObject json)
    {
        switch (field.Shape)
        {
            case ProtoFieldShape.StringMap:
            case ProtoFieldShape.BinaryMap:
                var entry = input.ReadBytes().CreateCodedInput();
                var (key, value) = MapEntry(entry, field.Shape == ProtoFieldShape.BinaryMap);
                var map = json[field.JsonName] as JsonObject ?? [];
                map[key] = value;
                json[field.JsonName] = map;
                return;
            default:
                var node = Scalar(input, field);
                if (node is null)
                {
                    return;
                }

                if (field.Repeated)
                {
                    var array = json[field.JsonName] as JsonArray ?? [];
                    array.Add(node);
                    json[field.JsonName] = array;
                }
                else
                {
                    json[field.JsonName] = node;
                }

                return;
        }
    }

    /// <summary>
    /// Null for a zero value: Go's generated marshallers write every non-pointer field, so an empty
    /// `generateName` or a zero `creationTimestamp` arrives on the wire where JSON would have omitted it.
    /// </summary>
    private static JsonNode? Scalar(CodedInputStream input, ProtoField field) => field.Shape switch
    {
        ProtoFieldShape.Text => input.ReadString() is var text && (text.Length > 0 || field.Repeated) ? JsonValue.Create(text) : null,
        ProtoFieldShape.Integer => input.ReadInt64() is var number && number != 0 ? JsonValue.Create(number) : null,
        ProtoFieldShape.Flag => JsonValue.Create(input.ReadBool()),
        ProtoFieldShape.Binary => JsonValue.Create(input.ReadBytes().ToBase64()),
        ProtoFieldShape.Nested => field.Message!.Decode(input.ReadBytes()),
        ProtoFieldShape.Timestamp => Time(input.ReadBytes()) is { } time ? JsonValue.Create(time) : null,
        _ => throw new InvalidOperationException($"field {field.JsonName}: shape {field.Shape} is not a scalar"),
    };

    /// <summary>A map entry is a message {key = 1, value = 2}; bytes values become base64.</summary>
    private static (string Key, string Value) MapEntry(CodedInputStream entry, bool bytesValue)
    {
        var (key, value) = ("", "");
        uint tag;
        while ((tag = entry.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = entry.ReadString(); break;
                case 2: value = bytesValue ? entry.ReadBytes().ToBase64() : entry.ReadString(); break;
                default: entry.SkipLastField(); break;
            }
        }

        return (key, value);
    }

    private static string? Time(ByteString bytes)
    {
        long seconds = 0;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                seconds = input.ReadInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
